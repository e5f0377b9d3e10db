package io.muster.kernel.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidationTest {
    @TempDir
    Path tmp;

    private LoadedConfig load(String... args) throws ConfigException {
        List<String> all = new ArrayList<>(List.of("-data-dir", tmp.resolve("data").toString()));
        all.addAll(List.of(args));
        return ConfigLoader.load(all, "host-1");
    }

    private Path json(String content) throws IOException {
        return Files.writeString(Files.createTempFile(tmp, "agent", ".json"), content);
    }

    /** A file holding {@code json}, loaded: the error must name the file, the key and the expected form. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"ports\": {\"http\": \"8500\"}}|\"ports.http\": expected a port number from 1 to 65535, or -1 to disable, got the string \"8500\"",
            "{\"ports\": {\"dns\": -2}}|\"ports.dns\": expected a port number from 1 to 65535, or -1 to disable, got -2",
            "{\"ports\": {\"serf_lan\": 65536}}|\"ports.serf_lan\": expected a port number from 1 to 65535, or -1 to disable, got 65536",
            "{\"ports\": {\"grpc\": 85.5}}|\"ports.grpc\": expected a port number from 1 to 65535, or -1 to disable, got the number 85.5",
            "{\"server\": {\"enabled\": true}}|\"server\": expected true or false, got an object",
            "{\"server\": \"true\"}|\"server\": expected true or false, got the string \"true\"",
            "{\"bind_addr\": \"10.0.0.256\"}|\"bind_addr\": expected an IP address such as \"10.0.0.5\", \"0.0.0.0\" or \"::\", got \"10.0.0.256\"",
            "{\"bind_addr\": \"{{ GetPrivateIP }}\"}|\"bind_addr\": go-sockaddr templates such as",
            "{\"client_addr\": \"127.0.0.1 nohost\"}|\"client_addr\": expected an IP address",
            "{\"addresses\": {\"http\": \"::1 x\"}}|\"addresses.http\": expected an IP address",
            "{\"retry_interval\": \"10x\"}|\"retry_interval\": expected a duration such as \"10s\", \"1m30s\", \"250ms\" or \"72h\" (units ns, us, ms, s, m, h), got \"10x\"",
            "{\"dns_config\": {\"node_ttl\": true}}|\"dns_config.node_ttl\": expected a duration such as",
            "{\"dns_config\": {\"service_ttl\": {\"web\": \"5 seconds\"}}}|\"dns_config.service_ttl\": entry \"web\": expected a duration",
            "{\"dns_config\": {\"udp_answer_limit\": \"3\"}}|\"dns_config.udp_answer_limit\": expected a whole number, got the string \"3\"",
            "{\"retry_join\": \"10.0.0.1\"}|\"retry_join\": expected a list of strings, e.g. [\"a\", \"b\"], got the string \"10.0.0.1\"",
            "{\"recursors\": [\"8.8.8.8:99999\"]}|\"recursors\": expected a port from 1 to 65535 after the address",
            "{\"node_meta\": {\"rack\": 1}}|\"node_meta\": expected an object whose values are strings",
            "{\"plugins\": {\"consensus\": [\"raft\"]}}|\"plugins\": expected an object whose values are strings",
            "{\"services\": [{\"name\": \"a\"}, \"b\"]}|\"services[1]\": expected an object (a service definition), got the string \"b\"",
            "{\"check\": 5}|\"check\": expected an object (a check definition), got the number 5",
            "{\"watches\": {\"type\": \"key\"}}|\"watches\": expected a list of objects, got an object",
            "{\"ports\": 8500}|\"ports\": expected an object, got the number 8500",
            "{\"acl\": true}|\"acl\": expected an object, got the boolean true",
            "{\"limits\": {\"kv_max_value_size\": \"1MB\"}}|\"limits.kv_max_value_size\": expected a whole number",
    })
    void wrongFormInAFile(String content, String message) throws IOException {
        Path f = json(content);
        assertThatThrownBy(() -> load("-config-file", f.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ": invalid value for key ")
                .hasMessageContaining(message);
    }

    @Test
    void wrongFormInHclNamesTheHclFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("agent.hcl"), "ports {\n  http = \"8500\"\n}\n");
        assertThatThrownBy(() -> load("-config-file", f.toString()))
                .hasMessage(f + ": invalid value for key \"ports.http\": expected a port number from 1 to 65535,"
                        + " or -1 to disable, got the string \"8500\"");
    }

    @Test
    void unknownKeysAreWarningsNamingFileAndPath() throws Exception {
        Path f = json("{\"bogus\": 1, \"ports\": {\"htp\": 1}, \"dns_config\": {\"soa\": {\"expyre\": 1}},"
                + " \"acl\": {\"enabled\": true, \"tokens\": {\"agent\": \"x\"}}, \"telemetry\": {\"anything\": 1},"
                + " \"connect\": {\"enabled\": true}, \"ports.http\": 1}");
        LoadedConfig loaded = load("-config-file", f.toString());
        assertThat(loaded.warnings()).containsExactly(
                f + ": unknown configuration key \"bogus\" (ignored)",
                f + ": unknown configuration key \"ports.htp\" (ignored)",
                f + ": unknown configuration key \"dns_config.soa.expyre\" (ignored)",
                f + ": unknown configuration key \"ports.http\" (ignored)");
        assertThat(loaded.config().ports().http()).isEqualTo(8500);
        assertThat(loaded.tree().get("bogus")).isEmpty();
        assertThat(loaded.tree().bool("acl.enabled", false)).as("open sections pass through").isTrue();
    }

    @Test
    void consulsFullServerConfigLoadsWithoutWarnings() throws Exception {
        Path f = Files.writeString(tmp.resolve("server.hcl"), """
                datacenter = "dc1"
                data_dir = "/opt/consul"
                encrypt = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s="
                server = true
                bootstrap_expect = 3
                bind_addr = "0.0.0.0"
                client_addr = "0.0.0.0"
                advertise_addr = "10.0.0.5"
                retry_join = ["10.0.0.6", "10.0.0.7"]
                ui_config { enabled = true }
                connect { enabled = true }
                addresses { grpc = "127.0.0.1" }
                ports { grpc = 8502, grpc_tls = 8503 }
                acl {
                  enabled = true
                  default_policy = "deny"
                  tokens { initial_management = "root" }
                }
                performance { raft_multiplier = 1 }
                limits { http_max_conns_per_client = 400, kv_max_value_size = 1048576 }
                telemetry { prometheus_retention_time = "60s", disable_hostname = true }
                dns_config { enable_truncate = true, soa { min_ttl = 60 } }
                http_config { response_headers { "Access-Control-Allow-Origin" = "*" } }
                autopilot { cleanup_dead_servers = true }
                tls { defaults { verify_incoming = true } }
                leave_on_terminate = true
                check_update_interval = "1m"
                reconnect_timeout = "8h"
                disable_update_check = true
                enable_script_checks = false
                log_level = "INFO"
                """);
        LoadedConfig loaded = ConfigLoader.load(List.of("-config-file", f.toString()), "host-1");
        assertThat(loaded.warnings()).isEmpty();
        AgentConfig c = loaded.config();
        assertThat(c.kvMaxValueSize()).isEqualTo(1048576);
        assertThat(c.checkUpdateInterval()).hasMinutes(1);
        assertThat(c.reconnectTimeout()).hasHours(8);
        assertThat(c.leaveOnTerminate()).isTrue();
        assertThat(c.encrypt()).isEqualTo("pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=");
        assertThat(c.dataDir()).isEqualTo(Path.of("/opt/consul"));
        assertThat(c.effectiveAdvertiseAddr()).isEqualTo("10.0.0.5");
        assertThat(c.advertiseAddrWan()).isEqualTo("10.0.0.5");
    }

    @Test
    void bootstrapAndBootstrapExpectAreMutuallyExclusive() {
        assertThatThrownBy(() -> load("-server", "-bootstrap", "-bootstrap-expect", "3"))
                .hasMessage("'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive:"
                        + " use either -bootstrap (a single server) or -bootstrap-expect=N");
    }

    @Test
    void bootstrapExpectNeedsServerMode() {
        assertThatThrownBy(() -> load("-bootstrap-expect=3"))
                .hasMessage("'bootstrap_expect > 0' requires 'server = true': add -server or set \"server\": true");
        assertThatThrownBy(() -> load("-bootstrap"))
                .hasMessage("'bootstrap = true' requires 'server = true': add -server or set \"server\": true");
        assertThatThrownBy(() -> load("-server", "-bootstrap-expect=-1"))
                .hasMessageStartingWith("bootstrap_expect cannot be -1");
    }

    @Test
    void bootstrapExpectWarnings() throws ConfigException {
        assertThat(load("-server", "-bootstrap-expect=1").warnings())
                .containsExactly("bootstrap_expect = 1: this is the same as -bootstrap mode (a single-server cluster)");
        assertThat(load("-server", "-bootstrap-expect=4").warnings()).singleElement().asString()
                .startsWith("bootstrap_expect is even (4)");
        assertThat(load("-server", "-bootstrap-expect=3").warnings()).isEmpty();
    }

    @Test
    void dataDirIsRequiredOutsideDevMode() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(List.of("-server"), "h"))
                .hasMessage("data_dir cannot be empty: pass -data-dir=<path> or set \"data_dir\" in a config file"
                        + " (or use -dev for an in-memory agent)");
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("-data-dir", file.toString()), "h"))
                .hasMessage("data_dir " + file + " is not a directory: point -data-dir at a directory");
    }

    @ParameterizedTest
    @CsvSource({"web_1", "web.1", "wéb"})
    void nodeNamesDnsCannotServeAreWarnings(String name) throws ConfigException {
        assertThat(load("-node", name).warnings()).containsExactly("Node name \"" + name
                + "\" will not be discoverable via DNS due to invalid characters. Valid characters include all"
                + " alpha-numerics and dashes.");
    }

    @Test
    void longNodeNameIsAWarning() throws ConfigException {
        String name = "n".repeat(64);
        assertThat(load("-node", name).warnings()).singleElement().asString().contains("due to it being too long");
    }

    @Test
    void nodeNameDefaultsToTheHostName() throws ConfigException {
        assertThat(load().config().nodeName()).isEqualTo("host-1");
    }

    @Test
    void otherSemanticErrors() {
        assertThatThrownBy(() -> load("-datacenter", "dc 1"))
                .hasMessage("datacenter \"dc 1\" is invalid: it can only contain lowercase alphanumeric, - or _ characters");
        assertThatThrownBy(() -> load("-log-level", "loud"))
                .hasMessage("Invalid log level: \"loud\". Valid log levels are: TRACE, DEBUG, INFO, WARN, ERR"
                        + " (-log-level or \"log_level\")");
        assertThatThrownBy(() -> load("-encrypt", "not base64!"))
                .hasMessageStartingWith("encrypt has an invalid key: it is not valid base64");
        assertThatThrownBy(() -> load("-encrypt", "c2hvcnQ="))
                .hasMessageStartingWith("encrypt has an invalid key: it decodes to 5 bytes but must be 16, 24 or 32");
        assertThatThrownBy(() -> load("-node-id", "abc"))
                .hasMessageStartingWith("node_id \"abc\" is invalid: expected a UUID");
        assertThatThrownBy(() -> load("-hcl", "reconnect_timeout = \"1h\""))
                .hasMessage("reconnect_timeout must be >= 8h, got 1h");
        assertThatThrownBy(() -> load("-node-meta", "consul-x:1"))
                .hasMessage("node_meta key \"consul-x\" is invalid: the prefix 'consul-' is reserved");
        assertThatThrownBy(() -> load("-node-meta", "a b:1"))
                .hasMessageStartingWith("node_meta key \"a b\" is invalid");
    }

    @Test
    void hclFlagErrorsNameTheFragment() {
        assertThatThrownBy(() -> load("-hcl", "ports { http = \"x\" }"))
                .hasMessageStartingWith("flags-0.hcl (-hcl): invalid value for key \"ports.http\"");
        assertThatThrownBy(() -> load("-hcl", "ports {"))
                .hasMessageStartingWith("flags-0.hcl (-hcl):1:8: HCL syntax error");
    }

    @Test
    void leaveDefaultsFollowTheServerFlagLikeConsul() throws Exception {
        AgentConfig server = load("-server").config();
        assertThat(server.leaveOnTerminate()).isFalse();
        assertThat(server.skipLeaveOnInterrupt()).isTrue();
        AgentConfig client = load().config();
        assertThat(client.leaveOnTerminate()).isTrue();
        assertThat(client.skipLeaveOnInterrupt()).isFalse();
        Path f = json("{\"leave_on_terminate\": true, \"skip_leave_on_interrupt\": false}");
        AgentConfig explicit = load("-server", "-config-file", f.toString()).config();
        assertThat(explicit.leaveOnTerminate()).isTrue();
        assertThat(explicit.skipLeaveOnInterrupt()).isFalse();
    }

    @Test
    void portZeroDisablesLikeConsul() throws ConfigException {
        assertThat(load("-http-port", "0").config().ports().http()).isEqualTo(-1);
    }
}
