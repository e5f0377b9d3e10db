package io.muster.kernel.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consul's configuration keys with the form each value must have
 * (https://developer.hashicorp.com/consul/docs/agent/config/config-files), plus Muster's {@code plugins}.
 * Sections Muster passes through without reading (acl, telemetry, connect, tls ...) are accepted with any content
 * so a Consul config loads unchanged. Checking one source yields errors that name the source, the dotted key and
 * the expected form, and warnings for keys nobody knows.
 */
final class ConfigSchema {
    enum Kind {
        STRING("a string"),
        BOOL("true or false"),
        INT("a whole number"),
        NUMBER("a number"),
        PORT("a port number from 1 to 65535, or -1 to disable"),
        DURATION(GoDuration.EXPECTED),
        IP(Values.IP_EXPECTED),
        IP_LIST("one or more space-separated IP addresses, e.g. \"127.0.0.1\" or \"10.0.0.5 ::1\""),
        STRING_LIST("a list of strings, e.g. [\"a\", \"b\"]"),
        RECURSORS("a list of IP addresses with optional ports, e.g. [\"8.8.8.8\", \"1.1.1.1:53\"]"),
        STRING_MAP("an object whose values are strings, e.g. {\"key\": \"value\"}"),
        DURATION_MAP("an object whose values are durations, e.g. {\"*\": \"5s\"}"),
        OBJECT_LIST("a list of objects"),
        DEFINITIONS("an object or a list of objects"),
        /** A section Muster passes through: any content, unchecked. */
        OPEN_SECTION("an object"),
        /** A value Muster does not read: any form. */
        ANY("any value");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    private static final Map<String, Kind> KEYS = new HashMap<>();
    /** Every proper prefix of a key in {@link #KEYS}: those paths are objects with checked children. */
    private static final Set<String> SECTIONS = new HashSet<>();

    static {
        for (String k : List.of("datacenter", "primary_datacenter", "data_dir", "node_name", "node_id", "domain",
                "alt_domain", "log_level", "log_file", "syslog_facility", "pid_file", "ui_dir", "ui_content_path",
                "encrypt", "ca_file", "ca_path", "cert_file", "key_file", "server_name", "tls_cipher_suites",
                "tls_min_version", "segment", "ui_config.dir", "ui_config.content_path", "ui_config.metrics_provider",
                "ui_config.metrics_provider_options_json", "dns_config.recursor_strategy")) {
            KEYS.put(k, Kind.STRING);
        }
        for (String k : List.of("server", "bootstrap", "rejoin_after_leave", "leave_on_terminate",
                "skip_leave_on_interrupt", "log_json", "enable_syslog", "ui", "enable_script_checks",
                "enable_local_script_checks", "encrypt_verify_incoming", "encrypt_verify_outgoing",
                "disable_remote_exec", "disable_update_check", "enable_debug", "disable_host_node_id",
                "disable_anonymous_signature", "disable_coordinates", "disable_http_unprintable_char_filter",
                "disable_keyring_file", "discard_check_output", "enable_acl_replication",
                "enable_agent_tls_for_checks", "enable_central_service_config", "non_voting_server", "read_replica",
                "translate_wan_addrs", "tls_prefer_server_cipher_suites", "verify_incoming", "verify_incoming_https",
                "verify_incoming_rpc", "verify_outgoing", "verify_server_hostname", "use_streaming_backend",
                "auto_reload_config", "ui_config.enabled", "dns_config.allow_stale", "dns_config.enable_truncate",
                "dns_config.only_passing", "dns_config.disable_compression", "dns_config.use_cache",
                "dns_config.prefer_namespace", "dns_config.enable_additional_node_meta_txt", "http_config.use_cache")) {
            KEYS.put(k, Kind.BOOL);
        }
        for (String k : List.of("bootstrap_expect", "retry_max", "retry_max_wan", "protocol", "raft_protocol",
                "raft_snapshot_threshold", "raft_trailing_logs", "check_output_max_size", "log_rotate_bytes",
                "log_rotate_max_files", "dns_config.udp_answer_limit", "dns_config.a_record_limit",
                "dns_config.soa.expire", "dns_config.soa.min_ttl", "dns_config.soa.refresh", "dns_config.soa.retry",
                "http_config.max_header_bytes", "limits.http_max_conns_per_client", "limits.rpc_max_burst",
                "limits.rpc_max_conns_per_client", "limits.kv_max_value_size", "limits.txn_max_req_len",
                "performance.raft_multiplier")) {
            KEYS.put(k, Kind.INT);
        }
        KEYS.put("limits.rpc_rate", Kind.NUMBER);
        KEYS.put("sync_coordinate_rate_target", Kind.NUMBER);
        KEYS.put("sync_coordinate_interval_min", Kind.DURATION);
        for (String k : List.of("dns", "http", "https", "grpc", "grpc_tls", "serf_lan", "serf_wan", "server", "raft",
                "proxy_min_port", "proxy_max_port", "sidecar_min_port", "sidecar_max_port", "expose_min_port",
                "expose_max_port")) {
            KEYS.put("ports." + k, Kind.PORT);
        }
        for (String k : List.of("retry_interval", "retry_interval_wan", "check_update_interval", "reconnect_timeout",
                "reconnect_timeout_wan", "advertise_reconnect_timeout", "default_query_time", "max_query_time",
                "discovery_max_stale", "session_ttl_min", "raft_snapshot_interval", "log_rotate_duration",
                "primary_gateways_interval", "server_rejoin_age_max", "dns_config.max_stale", "dns_config.node_ttl",
                "dns_config.recursor_timeout", "dns_config.cache_max_age", "limits.https_handshake_timeout",
                "limits.rpc_handshake_timeout", "limits.rpc_client_timeout", "performance.leave_drain_time",
                "performance.rpc_hold_timeout", "performance.grpc_keepalive_interval",
                "performance.grpc_keepalive_timeout")) {
            KEYS.put(k, Kind.DURATION);
        }
        for (String k : List.of("bind_addr", "advertise_addr", "advertise_addr_ipv4", "advertise_addr_ipv6",
                "advertise_addr_wan", "advertise_addr_wan_ipv4", "advertise_addr_wan_ipv6", "serf_lan", "serf_wan")) {
            KEYS.put(k, Kind.IP);
        }
        for (String k : List.of("client_addr", "addresses.dns", "addresses.http", "addresses.https",
                "addresses.grpc", "addresses.grpc_tls")) {
            KEYS.put(k, Kind.IP_LIST);
        }
        for (String k : List.of("start_join", "start_join_wan", "retry_join", "retry_join_wan", "primary_gateways",
                "serf_lan_allowed_cidrs", "serf_wan_allowed_cidrs", "http_config.block_endpoints",
                "http_config.allow_write_http_from", "ui_config.metrics_provider_files", "experiments")) {
            KEYS.put(k, Kind.STRING_LIST);
        }
        KEYS.put("recursors", Kind.RECURSORS);
        for (String k : List.of("node_meta", "tagged_addresses", "http_config.response_headers",
                "http_api_response_headers", "ui_config.dashboard_url_templates", "plugins")) {
            KEYS.put(k, Kind.STRING_MAP);
        }
        KEYS.put("dns_config.service_ttl", Kind.DURATION_MAP);
        KEYS.put("watches", Kind.OBJECT_LIST);
        for (String k : List.of("services", "service", "checks", "check")) {
            KEYS.put(k, Kind.DEFINITIONS);
        }
        // Muster's own: the raft plugin's tuning (raft.apply_timeout, raft.snapshot_threshold, raft.servers, ...).
        KEYS.put("raft", Kind.OPEN_SECTION);
        // Sections and legacy keys Muster accepts as Consul does but does not read (yet).
        for (String k : List.of("acl", "audit", "auto_config", "auto_encrypt", "autopilot", "cache", "cloud",
                "config_entries", "connect", "gossip_lan", "gossip_wan", "rpc", "unix_sockets", "telemetry", "tls",
                "raft_boltdb", "raft_logstore", "raft_wal", "peering", "reporting", "xds", "locality", "segments",
                "license_path", "ui_config.metrics_proxy", "limits.request_limits", "acl_agent_master_token",
                "acl_agent_token", "acl_datacenter", "acl_default_policy", "acl_down_policy",
                "acl_enable_key_list_policy", "acl_master_token", "acl_replication_token", "acl_token", "acl_ttl",
                "acl_enforce_version_8", "statsd_addr", "statsite_addr", "statsite_prefix", "dogstatsd_addr",
                "dogstatsd_tags", "enable_ui", "enable_acl_replication", "dns_config.a_record_limit")) {
            KEYS.putIfAbsent(k, Kind.ANY);
        }
        for (String k : List.of("acl", "audit", "auto_config", "auto_encrypt", "autopilot", "cache", "cloud",
                "config_entries", "connect", "gossip_lan", "gossip_wan", "rpc", "unix_sockets", "telemetry", "tls",
                "raft_boltdb", "raft_logstore", "raft_wal", "peering", "reporting", "xds", "locality",
                "ui_config.metrics_proxy", "limits.request_limits")) {
            KEYS.put(k, Kind.OPEN_SECTION);
        }
        for (String k : KEYS.keySet()) {
            for (int i = k.indexOf('.'); i > 0; i = k.indexOf('.', i + 1)) {
                SECTIONS.add(k.substring(0, i));
            }
        }
    }

    private ConfigSchema() {
    }

    static Kind kind(String path) {
        return KEYS.get(path);
    }

    /**
     * Checks one source's tree in place: converts the forms Consul treats alike (repeated HCL blocks of a section
     * into one object), moves the singular {@code service}/{@code check} into {@code services}/{@code checks} and
     * the deprecated {@code ui}, {@code ui_dir}, {@code ui_content_path} into {@code ui_config}.
     *
     * @param warnings receives unknown keys and deprecations, prefixed with {@code source}
     * @throws ConfigException for a value of the wrong form, naming source, key and expected form
     */
    static Map<String, Object> check(String source, Map<String, Object> tree, List<String> warnings)
            throws ConfigException {
        Map<String, Object> out = checkSection(source, "", tree, warnings);
        moveSingular(out, "service", "services");
        moveSingular(out, "check", "checks");
        moveDeprecated(source, out, "ui", "enabled", warnings);
        moveDeprecated(source, out, "ui_dir", "dir", warnings);
        moveDeprecated(source, out, "ui_content_path", "content_path", warnings);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void moveSingular(Map<String, Object> tree, String singular, String plural) {
        Object one = tree.remove(singular);
        if (one == null) {
            return;
        }
        List<Object> all = new ArrayList<>((List<Object>) tree.getOrDefault(plural, List.of()));
        all.addAll((List<Object>) one);
        tree.put(plural, all);
    }

    @SuppressWarnings("unchecked")
    private static void moveDeprecated(String source, Map<String, Object> tree, String key, String uiConfigKey,
            List<String> warnings) {
        Object v = tree.remove(key);
        if (v == null) {
            return;
        }
        if (!source.equals("flags")) {
            warnings.add(source + ": the '" + key + "' field is deprecated; use 'ui_config." + uiConfigKey
                    + "' instead");
        }
        Map<String, Object> ui = (Map<String, Object>) tree.computeIfAbsent("ui_config", k -> new LinkedHashMap<>());
        ui.putIfAbsent(uiConfigKey, v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> checkSection(String source, String prefix, Map<String, Object> section,
            List<String> warnings) throws ConfigException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : section.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Object value = e.getValue();
            Kind kind = e.getKey().contains(".") ? null : KEYS.get(path);
            if (kind == null && !e.getKey().contains(".") && SECTIONS.contains(path)) {
                Map<String, Object> sub = asSection(source, path, value);
                out.put(e.getKey(), checkSection(source, path, sub, warnings));
                continue;
            }
            if (kind == null) {
                warnings.add(source + ": unknown configuration key \"" + path + "\" (ignored)");
                continue;
            }
            if (value == null) {
                continue;
            }
            try {
                out.put(e.getKey(), checkValue(source, path, kind, value));
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(source + ": invalid value for key \"" + path + "\": " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    /** Repeated HCL blocks ({@code ports { } ports { }}) arrive as a list of objects: merge them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asSection(String source, String path, Object value) throws ConfigException {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Map.class::isInstance)) {
            Map<String, Object> merged = new LinkedHashMap<>();
            list.forEach(m -> merged.putAll((Map<String, Object>) m));
            return merged;
        }
        throw new ConfigException(source + ": invalid value for key \"" + path + "\": expected an object, got "
                + Values.describe(value));
    }

    @SuppressWarnings("unchecked")
    private static Object checkValue(String source, String path, Kind kind, Object v) throws ConfigException {
        switch (kind) {
            case STRING -> {
                return expect(v instanceof String, kind, v);
            }
            case BOOL -> {
                return expect(v instanceof Boolean, kind, v);
            }
            case INT -> {
                return Values.checkWholeNumber(v, kind.expected);
            }
            case NUMBER -> {
                return expect(v instanceof Number, kind, v);
            }
            case PORT -> {
                return Values.checkPort(v);
            }
            case DURATION -> {
                GoDuration.fromConfigValue(v);
                return v;
            }
            case IP -> {
                expect(v instanceof String, kind, v);
                return Values.checkIp((String) v);
            }
            case IP_LIST -> {
                expect(v instanceof String, kind, v);
                Values.checkIpList((String) v);
                return ((String) v).trim();
            }
            case STRING_LIST -> {
                expect(v instanceof List<?> l && l.stream().allMatch(String.class::isInstance), kind, v);
                return v;
            }
            case RECURSORS -> {
                expect(v instanceof List<?> l && l.stream().allMatch(String.class::isInstance), kind, v);
                ((List<String>) v).forEach(Values::checkRecursor);
                return v;
            }
            case STRING_MAP -> {
                expect(v instanceof Map<?, ?> m && m.values().stream().allMatch(String.class::isInstance), kind, v);
                return v;
            }
            case DURATION_MAP -> {
                expect(v instanceof Map<?, ?>, kind, v);
                for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                    try {
                        GoDuration.fromConfigValue(e.getValue());
                    } catch (IllegalArgumentException ex) {
                        throw new IllegalArgumentException("entry \"" + e.getKey() + "\": " + ex.getMessage(), ex);
                    }
                }
                return v;
            }
            case OBJECT_LIST -> {
                expect(v instanceof List<?> l && l.stream().allMatch(Map.class::isInstance), kind, v);
                return v;
            }
            case DEFINITIONS -> {
                List<?> entries = v instanceof List<?> l ? l : List.of(v);
                String what = path.startsWith("service") ? "a service definition" : "a check definition";
                for (int i = 0; i < entries.size(); i++) {
                    if (!(entries.get(i) instanceof Map<?, ?>)) {
                        throw new ConfigException(source + ": invalid value for key \"" + path
                                + (v instanceof List<?> ? "[" + i + "]" : "") + "\": expected an object (" + what
                                + "), got " + Values.describe(entries.get(i)));
                    }
                }
                return new ArrayList<>(entries);
            }
            case OPEN_SECTION -> {
                return expect(v instanceof Map<?, ?> || v instanceof List<?> l
                        && l.stream().allMatch(Map.class::isInstance), kind, v);
            }
            default -> {
                return v;
            }
        }
    }

    private static Object expect(boolean ok, Kind kind, Object v) {
        if (!ok) {
            throw new IllegalArgumentException("expected " + kind.expected + ", got " + Values.describe(v));
        }
        return v;
    }
}
