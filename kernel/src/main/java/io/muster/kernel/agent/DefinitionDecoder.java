package io.muster.kernel.agent;

import io.muster.kernel.config.GoDuration;

import io.muster.spi.api.ApiException;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.ServiceAddress;
import io.muster.spi.model.ServiceDefinition;
import io.muster.spi.model.Weights;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a service or check definition in its JSON form (HTTP API body or config file) into SPI records. Keys are
 * matched case-insensitively with underscores ignored, so {@code DeregisterCriticalServiceAfter} and
 * {@code deregister_critical_service_after} are the same key; Consul's aliases ({@code ScriptArgs} for
 * {@code args}, {@code CheckID} for {@code ID}, {@code check}/{@code checks}) are accepted. A check's type-specific
 * keys go into {@link CheckDefinition#options()} in snake_case. Type errors fail with BAD_REQUEST
 * "Request decode failed: KEY: expected ...".
 */
public final class DefinitionDecoder {
    /** Normalised check key to option key, for keys whose snake_case spelling cannot be derived mechanically. */
    private static final Map<String, String> OPTION_KEYS = Map.ofEntries(
            Map.entry("http", "http"), Map.entry("tcp", "tcp"), Map.entry("udp", "udp"), Map.entry("grpc", "grpc"),
            Map.entry("grpcusetls", "grpc_use_tls"), Map.entry("h2ping", "h2ping"), Map.entry("h2pingusetls", "h2ping_use_tls"),
            Map.entry("tlsskipverify", "tls_skip_verify"), Map.entry("tlsservername", "tls_server_name"),
            Map.entry("disableredirects", "disable_redirects"), Map.entry("header", "header"), Map.entry("method", "method"),
            Map.entry("body", "body"), Map.entry("args", "args"), Map.entry("scriptargs", "args"), Map.entry("script", "script"),
            Map.entry("dockercontainerid", "docker_container_id"), Map.entry("shell", "shell"),
            Map.entry("aliasservice", "alias_service"), Map.entry("aliasnode", "alias_node"),
            Map.entry("osservice", "os_service"), Map.entry("outputmaxsize", "output_max_size"));
    /** Keys Consul's check JSON may carry that are not part of a definition (read-only catalog fields). */
    private static final List<String> IGNORED_CHECK_KEYS = List.of("node", "servicename", "servicetags", "type", "definition",
            "createindex", "modifyindex", "output", "token", "namespace", "partition", "exposedport");

    private DefinitionDecoder() {
    }

    public static ServiceDefinition decodeService(Map<String, Object> json) {
        return decodeService(json, "");
    }

    private static ServiceDefinition decodeService(Map<String, Object> json, String path) {
        String id = null;
        String name = null;
        String kind = null;
        List<String> tags = List.of();
        String address = null;
        Map<String, ServiceAddress> tagged = Map.of();
        Map<String, String> meta = Map.of();
        int port = 0;
        Weights weights = null;
        boolean enableTagOverride = false;
        List<CheckDefinition> checks = new ArrayList<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            String key = path + e.getKey();
            Object v = e.getValue();
            switch (normalise(e.getKey())) {
                case "id", "serviceid" -> id = string(key, v);
                case "name", "service" -> name = name == null || normalise(e.getKey()).equals("name") ? string(key, v) : name;
                case "kind" -> kind = string(key, v);
                case "tags" -> tags = strings(key, v);
                case "address" -> address = string(key, v);
                case "taggedaddresses" -> tagged = taggedAddresses(key, v);
                case "meta" -> meta = stringMap(key, v);
                case "port" -> port = (int) number(key, v);
                case "weights" -> weights = weights(key, v);
                case "enabletagoverride" -> enableTagOverride = bool(key, v);
                case "check" -> {
                    if (v != null) {
                        checks.add(decodeCheck(object(key, v), key + "."));
                    }
                }
                case "checks" -> {
                    if (v != null) {
                        if (!(v instanceof List<?> list)) {
                            throw fail(key, "a list of check objects");
                        }
                        for (int i = 0; i < list.size(); i++) {
                            checks.add(decodeCheck(object(key + "[" + i + "]", list.get(i)), key + "[" + i + "]."));
                        }
                    }
                }
                default -> {
                    // Connect, Proxy, SocketPath, Locality, Token...: Consul features Muster does not model.
                }
            }
        }
        return new ServiceDefinition(id, name == null ? "" : name, kind, tags, address, tagged, meta, port, weights,
                enableTagOverride, checks);
    }

    public static CheckDefinition decodeCheck(Map<String, Object> json) {
        return decodeCheck(json, "");
    }

    private static CheckDefinition decodeCheck(Map<String, Object> json, String path) {
        String id = null;
        String name = null;
        String serviceId = null;
        String notes = null;
        HealthStatus status = null;
        Duration interval = null;
        Duration timeout = null;
        Duration ttl = null;
        Duration deregister = null;
        int successBeforePassing = 0;
        int failuresBeforeWarning = 0;
        int failuresBeforeCritical = 0;
        Map<String, Object> options = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            String key = path + e.getKey();
            Object v = e.getValue();
            String norm = normalise(e.getKey());
            switch (norm) {
                case "id", "checkid" -> id = string(key, v);
                case "name" -> name = string(key, v);
                case "serviceid" -> serviceId = string(key, v);
                case "notes" -> notes = string(key, v);
                case "status" -> {
                    String s = string(key, v);
                    if (s != null && !s.isEmpty()) {
                        try {
                            status = HealthStatus.parse(s);
                        } catch (IllegalArgumentException bad) {
                            throw ApiException.badRequest("Status for checks must 'passing', 'warning', 'critical'");
                        }
                    }
                }
                case "interval" -> interval = duration(key, v);
                case "timeout" -> timeout = duration(key, v);
                case "ttl" -> ttl = duration(key, v);
                case "deregistercriticalserviceafter" -> deregister = duration(key, v);
                case "successbeforepassing" -> successBeforePassing = (int) number(key, v);
                case "failuresbeforewarning" -> failuresBeforeWarning = (int) number(key, v);
                case "failuresbeforecritical" -> failuresBeforeCritical = (int) number(key, v);
                default -> {
                    if (v == null || IGNORED_CHECK_KEYS.contains(norm)) {
                        break;
                    }
                    String option = OPTION_KEYS.getOrDefault(norm, snakeCase(e.getKey()));
                    options.put(option, validateOption(key, option, v));
                }
            }
        }
        return new CheckDefinition(id, name, serviceId, notes, status, interval, timeout, ttl, deregister,
                successBeforePassing, failuresBeforeWarning, failuresBeforeCritical, options);
    }

    private static Object validateOption(String key, String option, Object v) {
        switch (option) {
            case "args" -> {
                return strings(key, v);
            }
            case "header" -> {
                Map<String, Object> map = object(key, v);
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((h, values) -> out.put(h, strings(key + "." + h, values instanceof String ? List.of(values) : values)));
                return out;
            }
            case "tls_skip_verify", "disable_redirects", "grpc_use_tls", "h2ping_use_tls" -> {
                return bool(key, v);
            }
            case "http", "tcp", "udp", "grpc", "method", "body", "script", "tls_server_name", "alias_service", "alias_node",
                 "docker_container_id", "shell", "h2ping" -> {
                return string(key, v);
            }
            default -> {
                return v;
            }
        }
    }

    /** Lower case without underscores or dashes: the form keys are compared in. */
    static String normalise(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** "DiskPath" and "disk_path" become "disk_path"; "TLSServerName" becomes "tls_server_name". */
    static String snakeCase(String key) {
        if (key.contains("_") || key.equals(key.toLowerCase(Locale.ROOT))) {
            return key.toLowerCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char prev = key.charAt(i - 1);
                boolean nextLower = i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
                    sb.append('_');
                }
            }
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    static ApiException fail(String key, String expected) {
        return ApiException.badRequest("Request decode failed: " + key + ": expected " + expected);
    }

    private static ApiException fail(String key, String expected, Object got) {
        return ApiException.badRequest("Request decode failed: " + key + ": expected " + expected + ", got "
                + (got instanceof String ? "\"" + got + "\"" : String.valueOf(got)));
    }

    private static String string(String key, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List || v instanceof Boolean) {
            throw fail(key, "a string", v);
        }
        return v.toString();
    }

    private static boolean bool(String key, Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw fail(key, "true or false", v);
    }

    private static long number(String key, Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw fail(key, "a whole number", v);
            }
        }
        throw fail(key, "a whole number", v);
    }

    /** Go-style durations ("10s", "1m") or numbers of nanoseconds, as Consul's lib/translate accepts. */
    static Duration duration(String key, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return Duration.ofNanos(n.longValue());
        }
        if (v instanceof String s) {
            if (s.isEmpty()) {
                return null;
            }
            try {
                return GoDuration.parse(s);
            } catch (IllegalArgumentException e) {
                throw fail(key, "a duration such as \"10s\", \"1m30s\" or \"250ms\"", v);
            }
        }
        throw fail(key, "a duration such as \"10s\" or a number of nanoseconds", v);
    }

    private static List<String> strings(String key, Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw fail(key, "a list of strings", v);
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object o = list.get(i);
            if (o == null || o instanceof Map || o instanceof List) {
                throw fail(key + "[" + i + "]", "a string", o);
            }
            out.add(o.toString());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String key, Object v) {
        if (!(v instanceof Map<?, ?>)) {
            throw fail(key, "an object", v);
        }
        return (Map<String, Object>) v;
    }

    private static Map<String, String> stringMap(String key, Object v) {
        if (v == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        object(key, v).forEach((k, value) -> out.put(k, value == null ? "" : string(key + "." + k, value)));
        return out;
    }

    private static Map<String, ServiceAddress> taggedAddresses(String key, Object v) {
        if (v == null) {
            return Map.of();
        }
        Map<String, ServiceAddress> out = new LinkedHashMap<>();
        object(key, v).forEach((tag, value) -> {
            String where = key + "." + tag;
            String address = "";
            int port = 0;
            for (Map.Entry<String, Object> f : object(where, value).entrySet()) {
                switch (normalise(f.getKey())) {
                    case "address" -> address = string(where + "." + f.getKey(), f.getValue());
                    case "port" -> port = (int) number(where + "." + f.getKey(), f.getValue());
                    default -> throw fail(where + "." + f.getKey(), "only Address and Port in a tagged address");
                }
            }
            out.put(tag, new ServiceAddress(address == null ? "" : address, port));
        });
        return out;
    }

    private static Weights weights(String key, Object v) {
        if (v == null) {
            return null;
        }
        int passing = 1;
        int warning = 1;
        for (Map.Entry<String, Object> f : object(key, v).entrySet()) {
            switch (normalise(f.getKey())) {
                case "passing" -> passing = (int) number(key + "." + f.getKey(), f.getValue());
                case "warning" -> warning = (int) number(key + "." + f.getKey(), f.getValue());
                default -> throw fail(key + "." + f.getKey(), "only Passing and Warning in Weights");
            }
        }
        return new Weights(passing, warning);
    }
}
