package io.muster.dns;

import io.muster.spi.ConfigView;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A ConfigView over a flat map of dotted keys, as the kernel's loader presents the merged config. */
final class MapConfig implements ConfigView {
    private final Map<String, Object> values = new HashMap<>();

    MapConfig put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    @Override
    public Optional<Object> get(String path) {
        return Optional.ofNullable(values.get(path));
    }

    @Override
    public Duration duration(String path, Duration fallback) {
        return get(path).map(v -> GoDuration.parse(v.toString(), path)).orElse(fallback);
    }

    @Override
    public List<String> strings(String path) {
        Object v = values.get(path);
        if (v == null) {
            return List.of();
        }
        return v instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of(v.toString());
    }

    @Override
    public Map<String, Object> section(String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(path + ".")) {
                out.put(k.substring(path.length() + 1), v);
            }
        });
        return out;
    }
}
