package io.muster.kernel.agent;

import io.muster.kernel.config.GoDuration;

import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.ServiceAddress;
import io.muster.spi.model.ServiceDefinition;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inverse of {@link DefinitionDecoder}: definitions as Consul-shaped JSON maps (PascalCase), used for the
 * persisted files under the data dir and for a check's {@code Definition} object.
 */
public final class DefinitionEncoder {
    private static final Map<String, String> OPTION_NAMES = Map.ofEntries(
            Map.entry("http", "HTTP"), Map.entry("tcp", "TCP"), Map.entry("udp", "UDP"), Map.entry("grpc", "GRPC"),
            Map.entry("grpc_use_tls", "GRPCUseTLS"), Map.entry("h2ping", "H2PING"), Map.entry("h2ping_use_tls", "H2PingUseTLS"),
            Map.entry("tls_skip_verify", "TLSSkipVerify"), Map.entry("tls_server_name", "TLSServerName"),
            Map.entry("args", "ScriptArgs"), Map.entry("docker_container_id", "DockerContainerID"),
            Map.entry("os_service", "OSService"));

    private DefinitionEncoder() {
    }

    public static Map<String, Object> service(ServiceDefinition s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", s.id());
        m.put("Name", s.name());
        if (!s.kind().isEmpty()) {
            m.put("Kind", s.kind());
        }
        m.put("Tags", s.tags());
        m.put("Address", s.address());
        Map<String, Object> tagged = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceAddress> e : s.taggedAddresses().entrySet()) {
            tagged.put(e.getKey(), Map.of("Address", e.getValue().address(), "Port", e.getValue().port()));
        }
        m.put("TaggedAddresses", tagged);
        m.put("Meta", s.meta());
        m.put("Port", s.port());
        m.put("Weights", Map.of("Passing", s.weights().passing(), "Warning", s.weights().warning()));
        m.put("EnableTagOverride", s.enableTagOverride());
        if (!s.checks().isEmpty()) {
            m.put("Checks", s.checks().stream().map(DefinitionEncoder::check).toList());
        }
        return m;
    }

    public static Map<String, Object> check(CheckDefinition c) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfSet(m, "ID", c.id());
        putIfSet(m, "Name", c.name());
        putIfSet(m, "ServiceID", c.serviceId());
        putIfSet(m, "Notes", c.notes());
        if (c.initialStatus() != null) {
            m.put("Status", c.initialStatus().wire());
        }
        putDuration(m, "Interval", c.interval());
        putDuration(m, "Timeout", c.timeout());
        putDuration(m, "TTL", c.ttl());
        putDuration(m, "DeregisterCriticalServiceAfter", c.deregisterCriticalServiceAfter());
        if (c.successBeforePassing() != 0) {
            m.put("SuccessBeforePassing", c.successBeforePassing());
        }
        if (c.failuresBeforeWarning() != 0) {
            m.put("FailuresBeforeWarning", c.failuresBeforeWarning());
        }
        if (c.failuresBeforeCritical() != 0) {
            m.put("FailuresBeforeCritical", c.failuresBeforeCritical());
        }
        c.options().forEach((k, v) -> m.put(optionName(k), v));
        return m;
    }

    /** Consul's HealthCheck.Definition: the probe settings, without identity fields. */
    public static Map<String, Object> healthCheckDefinition(CheckDefinition c) {
        Map<String, Object> m = check(c);
        for (String identity : List.of("ID", "Name", "ServiceID", "Notes", "Status")) {
            m.remove(identity);
        }
        return m;
    }

    static String optionName(String snake) {
        String known = OPTION_NAMES.get(snake);
        if (known != null) {
            return known;
        }
        StringBuilder sb = new StringBuilder();
        for (String part : snake.split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    private static void putIfSet(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static void putDuration(Map<String, Object> m, String key, Duration value) {
        if (value != null) {
            m.put(key, GoDuration.format(value));
        }
    }
}
