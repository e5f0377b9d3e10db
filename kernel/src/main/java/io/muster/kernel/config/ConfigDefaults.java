package io.muster.kernel.config;

import java.util.Map;

/**
 * Consul's defaults (agent/config/default.go), written in HCL like Consul's own default sources so they read
 * as a config file. {@code leave_on_terminate} and {@code skip_leave_on_interrupt} are absent on purpose: their
 * default depends on the server flag and is decided after merging.
 */
final class ConfigDefaults {
    private static final String DEFAULTS = """
            bind_addr = "0.0.0.0"
            bootstrap = false
            bootstrap_expect = 0
            check_output_max_size = 4096
            check_update_interval = "5m"
            client_addr = "127.0.0.1"
            datacenter = "dc1"
            default_query_time = "300s"
            max_query_time = "600s"
            disable_coordinates = false
            disable_host_node_id = true
            disable_remote_exec = true
            domain = "consul."
            enable_central_service_config = true
            encrypt_verify_incoming = true
            encrypt_verify_outgoing = true
            log_level = "INFO"
            protocol = 2
            raft_protocol = 3
            reconnect_timeout = "72h"
            reconnect_timeout_wan = "72h"
            retry_interval = "30s"
            retry_interval_wan = "30s"
            retry_max = 0
            retry_max_wan = 0
            server = false
            session_ttl_min = "10s"
            syslog_facility = "LOCAL0"
            tls_min_version = "tls12"
            raft_snapshot_threshold = 16384
            raft_snapshot_interval = "30s"
            raft_trailing_logs = 10240
            autopilot {
              cleanup_dead_servers = true
              last_contact_threshold = "200ms"
              max_trailing_logs = 250
              server_stabilization_time = "10s"
            }
            dns_config {
              allow_stale = true
              a_record_limit = 0
              udp_answer_limit = 3
              max_stale = "87600h"
              node_ttl = "0s"
              only_passing = false
              enable_truncate = false
              disable_compression = false
              recursor_timeout = "2s"
              recursor_strategy = "sequential"
              soa { expire = 86400, min_ttl = 0, refresh = 3600, retry = 600 }
            }
            limits {
              http_max_conns_per_client = 200
              https_handshake_timeout = "5s"
              rpc_handshake_timeout = "5s"
              rpc_rate = -1
              rpc_max_burst = 1000
              rpc_max_conns_per_client = 100
              kv_max_value_size = 524288
              txn_max_req_len = 524288
            }
            performance {
              leave_drain_time = "5s"
              raft_multiplier = 5
              rpc_hold_timeout = "7s"
            }
            ports {
              dns = 8600
              http = 8500
              https = -1
              grpc = -1
              serf_lan = 8301
              serf_wan = 8302
              server = 8300
              proxy_min_port = 20000
              proxy_max_port = 20255
              sidecar_min_port = 21000
              sidecar_max_port = 21255
              expose_min_port = 21500
              expose_max_port = 21755
            }
            ui_config {
              enabled = false
              content_path = "/ui/"
            }
            """;

    /** Consul's DevSource: merged right after the defaults when {@code -dev} is given. */
    private static final String DEV = """
            bind_addr = "127.0.0.1"
            client_addr = "127.0.0.1"
            disable_anonymous_signature = true
            disable_keyring_file = true
            enable_debug = true
            log_level = "DEBUG"
            server = true
            ui_config { enabled = true }
            connect { enabled = true }
            performance { raft_multiplier = 1 }
            ports { grpc = 8502 }
            gossip_lan {
              gossip_interval = "100ms"
              probe_interval = "100ms"
              probe_timeout = "100ms"
              suspicion_mult = 3
            }
            gossip_wan {
              gossip_interval = "100ms"
              probe_interval = "100ms"
              probe_timeout = "100ms"
              suspicion_mult = 3
            }
            """;

    private ConfigDefaults() {
    }

    static Map<String, Object> defaults() {
        return parse("defaults", DEFAULTS);
    }

    static Map<String, Object> dev() {
        return parse("dev defaults", DEV);
    }

    private static Map<String, Object> parse(String name, String hcl) {
        try {
            return HclParser.parse(name, hcl);
        } catch (ConfigException e) {
            throw new IllegalStateException("built-in " + name + " do not parse: " + e.getMessage(), e);
        }
    }
}
