package io.muster.checks;

import io.muster.spi.model.CheckDefinition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed reads of a check definition's options; every failure names the check and the option. */
final class CheckOptions {
    /** Consul's default buffer for check output (checks.DefaultBufSize). */
    static final int MAX_OUTPUT = 4 * 1024;

    private CheckOptions() {
    }

    static String describe(CheckDefinition definition) {
        String id = definition.id() == null || definition.id().isEmpty() ? definition.name() : definition.id();
        return "check \"" + id + "\"";
    }

    static boolean bool(CheckDefinition definition, String key) {
        Object v = definition.options().get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(describe(definition) + ": option " + key + " must be true or false, got \"" + s + "\"");
    }

    static Optional<String> string(CheckDefinition definition, String key) {
        Object v = definition.options().get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException(describe(definition) + ": option " + key + " must be a string");
        }
        String s = v.toString();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** A list of strings ({@code args}); a single string is refused because Consul never splits it. */
    static List<String> strings(CheckDefinition definition, String key) {
        Object v = definition.options().get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(describe(definition) + ": option " + key
                    + " must be a list of strings, e.g. [\"/bin/check\", \"-v\"]");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (o == null || o instanceof Map || o instanceof List) {
                throw new IllegalArgumentException(describe(definition) + ": option " + key + " must be a list of strings");
            }
            out.add(o.toString());
        }
        return List.copyOf(out);
    }

    /** Consul's {@code header}: a map of header name to a list of values (a single string is accepted too). */
    static Map<String, List<String>> headers(CheckDefinition definition, String key) {
        Object v = definition.options().get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(describe(definition) + ": option " + key
                    + " must be a map of header name to a list of values, e.g. {\"X-Token\": [\"abc\"]}");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object values = e.getValue();
            List<String> list = new ArrayList<>();
            if (values instanceof List<?> l) {
                for (Object o : l) {
                    list.add(String.valueOf(o));
                }
            } else if (values != null && !(values instanceof Map)) {
                list.add(values.toString());
            } else {
                throw new IllegalArgumentException(describe(definition) + ": header " + e.getKey()
                        + " must be a list of strings");
            }
            out.put(String.valueOf(e.getKey()), List.copyOf(list));
        }
        return out;
    }

    static Duration timeout(CheckDefinition definition, Duration fallback) {
        Duration t = definition.timeout();
        return t == null || t.isZero() || t.isNegative() ? fallback : t;
    }

    /** Consul refuses interval checks without a positive interval (structs.CheckType.Validate). */
    static void requireInterval(CheckDefinition definition) {
        if (definition.interval() == null || definition.interval().isZero() || definition.interval().isNegative()) {
            throw new IllegalArgumentException("Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or GRPC checks");
        }
        if (definition.ttl() != null && !definition.ttl().isZero()) {
            throw new IllegalArgumentException("Interval and TTL cannot both be specified");
        }
    }

    /** Keeps the first {@link #MAX_OUTPUT} characters, as Consul bounds what it stores and syncs. */
    static String truncate(String output) {
        if (output == null) {
            return "";
        }
        return output.length() <= MAX_OUTPUT ? output : output.substring(0, MAX_OUTPUT);
    }

    static String describeDuration(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
