package io.muster.gossip;

import io.muster.spi.ConfigView;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A flat-map ConfigView for tests; durations in the Go forms the tests use ("200ms", "2s", "1m"). */
record MapConfig(Map<String, Object> values) implements ConfigView {
    @Override
    public Optional<Object> get(String path) {
        return Optional.ofNullable(values.get(path));
    }

    @Override
    public Duration duration(String path, Duration fallback) {
        return get(path).map(Object::toString).map(MapConfig::parse).orElse(fallback);
    }

    private static Duration parse(String s) {
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("test duration " + s);
        };
    }

    @Override
    public List<String> strings(String path) {
        return List.of();
    }

    @Override
    public Map<String, Object> section(String path) {
        return Map.of();
    }
}
