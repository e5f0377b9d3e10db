package io.muster.kernel.config;

import io.muster.spi.ConfigView;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merged configuration as an immutable tree of maps, lists, strings, numbers (Long or Double) and booleans,
 * addressed by Consul's snake_case keys joined with dots ({@code ports.dns}, {@code dns_config.service_ttl}).
 */
public final class ConfigTree implements ConfigView {
    private final Map<String, Object> root;

    public ConfigTree(Map<String, Object> root) {
        this.root = freeze(root);
    }

    /** The whole tree (unmodifiable). */
    public Map<String, Object> root() {
        return root;
    }

    @Override
    public Optional<Object> get(String path) {
        Object node = root;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            node = map.get(part);
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    @Override
    public Duration duration(String path, Duration fallback) {
        return get(path).map(v -> {
            try {
                return GoDuration.fromConfigValue(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config key " + path + ": " + e.getMessage(), e);
            }
        }).orElse(fallback);
    }

    @Override
    public List<String> strings(String path) {
        return get(path).map(v -> {
            if (v instanceof List<?> list) {
                return list.stream().map(String::valueOf).toList();
            }
            return List.of(v.toString());
        }).orElse(List.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String path) {
        return get(path).filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).orElse(Map.of());
    }

    @Override
    public String toString() {
        return root.toString();
    }

    /** A deep, unmodifiable copy that keeps key order (maps from parsers are mutable LinkedHashMaps). */
    static Map<String, Object> freeze(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, freezeValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return freeze((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(e -> copy.add(freezeValue(e)));
            return Collections.unmodifiableList(copy);
        }
        return v;
    }
}
