package io.muster.raft;

import io.muster.spi.ConfigView;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** ConfigView over a flat map; durations are "Nms" or "Ns". */
record MapConfig(Map<String, Object> values) implements ConfigView {
    @Override
    public Optional<Object> get(String path) {
        return Optional.ofNullable(values.get(path));
    }

    @Override
    public Duration duration(String path, Duration fallback) {
        return get(path).map(Object::toString).map(s -> s.endsWith("ms")
                ? Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)))).orElse(fallback);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> strings(String path) {
        return get(path).map(v -> (List<String>) v).orElse(List.of());
    }

    @Override
    public Map<String, Object> section(String path) {
        return Map.of();
    }
}
