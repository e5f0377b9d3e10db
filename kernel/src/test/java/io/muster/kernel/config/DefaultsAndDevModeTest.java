package io.muster.kernel.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultsAndDevModeTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsAreConsuls() throws ConfigException {
        LoadedConfig loaded = ConfigLoader.load(List.of("-data-dir", tmp.toString()), "box");
        AgentConfig c = loaded.config();
        assertThat(c.datacenter()).isEqualTo("dc1");
        assertThat(c.primaryDatacenter()).isEqualTo("dc1");
        assertThat(c.domain()).isEqualTo("consul.");
        assertThat(c.altDomain()).isNull();
        assertThat(c.ports()).isEqualTo(new Ports(8600, 8500, -1, -1, 8301, 8302, 8300));
        assertThat(c.clientAddrs()).containsExactly("127.0.0.1");
        assertThat(c.addresses()).isEqualTo(new Addresses(List.of("127.0.0.1"), List.of("127.0.0.1"),
                List.of("127.0.0.1")));
        assertThat(c.bindAddr()).isEqualTo("0.0.0.0");
        assertThat(c.advertiseAddr()).isNull();
        assertThat(c.effectiveAdvertiseAddr()).isEqualTo("0.0.0.0");
        assertThat(c.retryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.retryMax()).isZero();
        assertThat(c.nodeName()).isEqualTo("box");
        assertThat(c.nodeId()).isNull();
        assertThat(c.logLevel()).isEqualTo("INFO");
        assertThat(c.kvMaxValueSize()).isEqualTo(524288);
        assertThat(c.checkUpdateInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.reconnectTimeout()).isEqualTo(Duration.ofHours(72));
        assertThat(c.server()).isFalse();
        assertThat(c.bootstrap()).isFalse();
        assertThat(c.dev()).isFalse();
        assertThat(c.uiEnabled()).isFalse();
        assertThat(c.disableHostNodeId()).isTrue();
        assertThat(c.syslogFacility()).isEqualTo("LOCAL0");
        assertThat(c.dataDir()).isEqualTo(tmp);
        assertThat(c.services()).isEmpty();
        assertThat(c.pluginSelection()).isEmpty();
        assertThat(loaded.tree().duration("dns_config.max_stale", null)).isEqualTo(Duration.ofHours(87600));
        assertThat(loaded.tree().number("dns_config.udp_answer_limit", 0)).isEqualTo(3);
        assertThat(loaded.tree().bool("dns_config.allow_stale", false)).isTrue();
        assertThat(loaded.tree().number("ports.sidecar_min_port", 0)).isEqualTo(21000);
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void devModeIsConsulsDevMode() throws ConfigException {
        LoadedConfig loaded = ConfigLoader.load(List.of("-dev"), "box");
        AgentConfig c = loaded.config();
        assertThat(c.dev()).isTrue();
        assertThat(c.server()).isTrue();
        assertThat(c.bootstrap()).isTrue();
        assertThat(c.dataDir()).as("in memory").isNull();
        assertThat(c.bindAddr()).isEqualTo("127.0.0.1");
        assertThat(c.clientAddrs()).containsExactly("127.0.0.1");
        assertThat(c.uiEnabled()).isTrue();
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        assertThat(c.nodeName()).isEqualTo("box");
        assertThat(c.ports().grpc()).isEqualTo(8502);
        assertThat(loaded.tree().bool("disable_anonymous_signature", false)).isTrue();
        assertThat(loaded.tree().bool("enable_debug", false)).isTrue();
        assertThat(loaded.tree().bool("connect.enabled", false)).isTrue();
        assertThat(loaded.tree().number("performance.raft_multiplier", 0)).isEqualTo(1);
        assertThat(loaded.tree().duration("gossip_lan.probe_interval", null)).isEqualTo(Duration.ofMillis(100));
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void filesAndFlagsOverrideDevDefaults() throws Exception {
        Path f = Files.writeString(tmp.resolve("dev.json"), "{\"log_level\": \"warn\", \"ui_config\": {\"enabled\": false}}");
        AgentConfig c = ConfigLoader.load(List.of("-dev", "-node", "n1", "-bind", "127.0.0.2", "-client", "0.0.0.0",
                "-data-dir", tmp.toString(), "-config-file", f.toString()), "box").config();
        assertThat(c.nodeName()).isEqualTo("n1");
        assertThat(c.bindAddr()).isEqualTo("127.0.0.2");
        assertThat(c.clientAddrs()).containsExactly("0.0.0.0");
        assertThat(c.logLevel()).isEqualTo("WARN");
        assertThat(c.uiEnabled()).isFalse();
        assertThat(c.dataDir()).as("an explicit -data-dir is kept, as Consul does").isEqualTo(tmp);
    }

    @Test
    void publicLoadNamesTheNodeAfterThisHost() throws ConfigException {
        assertThat(ConfigLoader.load(List.of("-dev")).config().nodeName()).isNotBlank();
    }

    @Test
    void devModeRejectsBootstrapExpect() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of("-dev", "-bootstrap-expect", "3"), "box"))
                .hasMessage("'bootstrap_expect > 0' not allowed in dev mode: drop -bootstrap-expect"
                        + " (a -dev agent bootstraps itself)");
    }

    @Test
    void thirdPartySuiteCommandLineLoads() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("acl.json"), "{\"acl\": {\"enabled\": true, \"default_policy\": \"allow\"},"
                + " \"enable_script_checks\": true, \"ports\": {\"http\": 8500}}");
        AgentConfig c = ConfigLoader.load(List.of("-dev", "-bind", "127.0.0.1", "-client",
                "127.0.0.1", "-data-dir", tmp.toString(), "-config-dir", config.toString()), "box").config();
        assertThat(c.enableScriptChecks()).isTrue();
        assertThat(c.ports().http()).isEqualTo(8500);
    }

    @Test
    void configTreeViewReadsDottedPaths() throws ConfigException {
        ConfigTree tree = ConfigLoader.load(List.of("-dev", "-retry-join", "a", "-retry-join", "b"), "box").tree();
        assertThat(tree.get("ports.http")).contains(8500L);
        assertThat(tree.get("ports.nope")).isEmpty();
        assertThat(tree.get("ports.http.deeper")).isEmpty();
        assertThat(tree.strings("retry_join")).containsExactly("a", "b");
        assertThat(tree.section("ports")).containsEntry("dns", 8600L);
        assertThat(tree.section("missing")).isEmpty();
        assertThat(tree.string("domain", "x")).isEqualTo("consul.");
        assertThat(tree.duration("retry_interval", null)).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> tree.root().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tree.section("ports").put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tree.duration("domain", null))
                .hasMessageStartingWith("config key domain: expected a duration");
    }
}
