package io.muster.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of the agent's merged configuration, keyed by Consul's snake_case paths joined with dots
 * ({@code ports.dns}, {@code dns_config.only_passing}). Values were type-checked by the kernel's loader, so
 * typed getters only fail on a plugin's own keys; their message names the key and the expected form.
 */
public interface ConfigView {
    Optional<Object> get(String path);

    default String string(String path, String fallback) {
        return get(path).map(Object::toString).orElse(fallback);
    }

    default boolean bool(String path, boolean fallback) {
        return get(path).map(v -> {
            if (v instanceof Boolean b) {
                return b;
            }
            String s = v.toString();
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
            throw new IllegalArgumentException("config key " + path + ": expected true or false, got \"" + s + "\"");
        }).orElse(fallback);
    }

    default long number(String path, long fallback) {
        return get(path).map(v -> {
            if (v instanceof Number n) {
                return n.longValue();
            }
            try {
                return Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("config key " + path + ": expected a whole number, got \"" + v + "\"");
            }
        }).orElse(fallback);
    }

    /** A Go-style duration ("10s", "1m30s", "250ms") or a number of nanoseconds, as Consul accepts. */
    Duration duration(String path, Duration fallback);

    List<String> strings(String path);

    /** The sub-tree at {@code path} as an unmodifiable map (empty when absent). */
    Map<String, Object> section(String path);
}
