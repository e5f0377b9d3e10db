package io.muster.kernel.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentFlagsTest {
    @TempDir
    Path tmp;

    private LoadedConfig load(String... args) throws ConfigException {
        List<String> all = new ArrayList<>(List.of("-data-dir", tmp.toString()));
        all.addAll(List.of(args));
        return ConfigLoader.load(all, "host-1");
    }

    /** Flag, value, where it lands in the tree, the value there, flags it needs. */
    static final List<Arguments> VALUE_FLAGS = List.of(
            Arguments.of("advertise", "10.0.0.5", "advertise_addr", "10.0.0.5", ""),
            Arguments.of("advertise-wan", "203.0.113.9", "advertise_addr_wan", "203.0.113.9", ""),
            Arguments.of("alt-domain", "test-domain", "alt_domain", "test-domain", ""),
            Arguments.of("bind", "127.0.0.2", "bind_addr", "127.0.0.2", ""),
            Arguments.of("bootstrap-expect", "3", "bootstrap_expect", 3L, "-server"),
            Arguments.of("client", "127.0.0.1 ::1", "client_addr", "127.0.0.1 ::1", ""),
            Arguments.of("data-dir", "/var/lib/muster", "data_dir", "/var/lib/muster", ""),
            Arguments.of("datacenter", "east", "datacenter", "east", ""),
            Arguments.of("dc", "west", "datacenter", "west", ""),
            Arguments.of("dns-port", "8601", "ports.dns", 8601L, ""),
            Arguments.of("domain", "muster.", "domain", "muster.", ""),
            Arguments.of("encrypt", "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=", "encrypt",
                    "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=", ""),
            Arguments.of("grpc-port", "8502", "ports.grpc", 8502L, ""),
            Arguments.of("http-port", "18500", "ports.http", 18500L, ""),
            Arguments.of("https-port", "8501", "ports.https", 8501L, ""),
            Arguments.of("join", "10.0.0.1", "start_join", List.of("10.0.0.1"), ""),
            Arguments.of("join-wan", "10.1.0.1", "start_join_wan", List.of("10.1.0.1"), ""),
            Arguments.of("log-file", "/var/log/muster.log", "log_file", "/var/log/muster.log", ""),
            Arguments.of("log-level", "warn", "log_level", "warn", ""),
            Arguments.of("node", "node-a", "node_name", "node-a", ""),
            Arguments.of("node-id", "4e1c2f3a-9b7d-4c1e-8f2a-0b1c2d3e4f50", "node_id",
                    "4e1c2f3a-9b7d-4c1e-8f2a-0b1c2d3e4f50", ""),
            Arguments.of("node-meta", "rack:r1", "node_meta", Map.of("rack", "r1"), ""),
            Arguments.of("pid-file", "/run/muster.pid", "pid_file", "/run/muster.pid", ""),
            Arguments.of("protocol", "2", "protocol", 2L, ""),
            Arguments.of("raft-protocol", "3", "raft_protocol", 3L, ""),
            Arguments.of("recursor", "8.8.8.8", "recursors", List.of("8.8.8.8"), ""),
            Arguments.of("retry-interval", "1m30s", "retry_interval", "1m30s", ""),
            Arguments.of("retry-interval-wan", "45s", "retry_interval_wan", "45s", ""),
            Arguments.of("retry-join", "10.0.0.2", "retry_join", List.of("10.0.0.2"), ""),
            Arguments.of("retry-join-wan", "10.1.0.2", "retry_join_wan", List.of("10.1.0.2"), ""),
            Arguments.of("retry-max", "5", "retry_max", 5L, ""),
            Arguments.of("retry-max-wan", "7", "retry_max_wan", 7L, ""),
            Arguments.of("segment", "alpha", "segment", "alpha", ""),
            Arguments.of("serf-lan-bind", "127.0.0.3", "serf_lan", "127.0.0.3", ""),
            Arguments.of("serf-lan-port", "9301", "ports.serf_lan", 9301L, ""),
            Arguments.of("serf-wan-bind", "127.0.0.4", "serf_wan", "127.0.0.4", ""),
            Arguments.of("serf-wan-port", "9302", "ports.serf_wan", 9302L, ""),
            Arguments.of("server-port", "9300", "ports.server", 9300L, ""),
            Arguments.of("ui-content-path", "/console/", "ui_config.content_path", "/console/", ""),
            Arguments.of("ui-dir", "/srv/ui", "ui_config.dir", "/srv/ui", ""));

    static final List<String> BOOL_FLAGS = List.of("bootstrap", "disable-host-node-id", "disable-keyring-file",
            "enable-local-script-checks", "enable-script-checks", "log-json", "rejoin", "server", "syslog", "ui");

    static final Map<String, String> BOOL_PATHS = Map.of("bootstrap", "bootstrap",
            "disable-host-node-id", "disable_host_node_id", "disable-keyring-file", "disable_keyring_file",
            "enable-local-script-checks", "enable_local_script_checks", "enable-script-checks", "enable_script_checks",
            "log-json", "log_json", "rejoin", "rejoin_after_leave", "server", "server", "syslog", "enable_syslog",
            "ui", "ui_config.enabled");

    /** Flags with their own tests below: they select sources or modes rather than set one key. */
    static final Set<String> SOURCE_FLAGS = Set.of("config-dir", "config-file", "config-format", "hcl", "dev");

    static Stream<Arguments> valueFlagForms() {
        List<Arguments> out = new ArrayList<>();
        for (Arguments a : VALUE_FLAGS) {
            Object[] v = a.get();
            String flag = (String) v[0];
            String value = (String) v[1];
            String extra = (String) v[4];
            for (List<String> form : List.of(List.of("-" + flag, value), List.of("-" + flag + "=" + value),
                    List.of("--" + flag, value), List.of("--" + flag + "=" + value))) {
                List<String> args = new ArrayList<>(form);
                if (!extra.isEmpty()) {
                    args.add(0, extra);
                }
                out.add(Arguments.of(String.join(" ", args), args, v[2], v[3]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueFlagForms")
    void valueFlagSetsItsKey(String shown, List<String> args, String path, Object expected) throws ConfigException {
        LoadedConfig loaded = load(args.toArray(String[]::new));
        assertThat(loaded.tree().get(path)).contains(expected);
    }

    static Stream<Arguments> boolFlagForms() {
        List<Arguments> out = new ArrayList<>();
        for (String flag : BOOL_FLAGS) {
            for (String[] form : new String[][] {{"-" + flag, "true"}, {"--" + flag, "true"},
                    {"-" + flag + "=true", "true"}, {"--" + flag + "=false", "false"}, {"-" + flag + "=0", "false"},
                    {"-" + flag + "=T", "true"}}) {
                out.add(Arguments.of(flag, form[0], Boolean.parseBoolean(form[1])));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("boolFlagForms")
    void boolFlagAcceptsGoForms(String flag, String arg, boolean expected) throws ConfigException {
        LoadedConfig loaded = flag.equals("bootstrap") ? load("-server", arg) : load(arg);
        assertThat(loaded.tree().get(BOOL_PATHS.get(flag))).contains(expected);
    }

    @Test
    void everyFlagIsCovered() {
        Set<String> covered = new HashSet<>(SOURCE_FLAGS);
        VALUE_FLAGS.forEach(a -> covered.add((String) a.get()[0]));
        covered.addAll(BOOL_FLAGS);
        assertThat(covered).containsExactlyInAnyOrderElementsOf(AgentFlags.flags().keySet());
    }

    @Test
    void repeatableFlagsAccumulateInOrder() throws ConfigException {
        AgentConfig c = load("-retry-join", "a", "-retry-join=b", "-join", "c", "--join", "d", "-recursor",
                "1.1.1.1", "-recursor=8.8.8.8:53", "-node-meta", "rack:r1", "-node-meta=zone:z:1",
                "-retry-join-wan", "w1", "-retry-join-wan", "w2", "-join-wan", "x").config();
        assertThat(c.retryJoin()).containsExactly("a", "b");
        assertThat(c.startJoin()).containsExactly("c", "d");
        assertThat(c.recursors()).containsExactly("1.1.1.1", "8.8.8.8:53");
        assertThat(c.nodeMeta()).containsExactlyInAnyOrderEntriesOf(Map.of("rack", "r1", "zone", "z:1"));
        assertThat(c.retryJoinWan()).containsExactly("w1", "w2");
        assertThat(c.startJoinWan()).containsExactly("x");
    }

    @Test
    void typedConfigReflectsFlags() throws ConfigException {
        AgentConfig c = load("-server", "-bootstrap-expect=3", "-node=n1", "-bind=10.0.0.5", "-client",
                "0.0.0.0", "-http-port=18500", "-dns-port", "-1", "-retry-interval=10s", "-log-level=debug",
                "-ui", "-datacenter=EAST").config();
        assertThat(c.server()).isTrue();
        assertThat(c.bootstrapExpect()).isEqualTo(3);
        assertThat(c.nodeName()).isEqualTo("n1");
        assertThat(c.bindAddr()).isEqualTo("10.0.0.5");
        assertThat(c.clientAddrs()).containsExactly("0.0.0.0");
        assertThat(c.ports().http()).isEqualTo(18500);
        assertThat(c.ports().dns()).isEqualTo(-1);
        assertThat(c.retryInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        assertThat(c.uiEnabled()).isTrue();
        assertThat(c.datacenter()).as("Consul lower-cases the datacenter").isEqualTo("east");
        assertThat(c.addresses().http()).containsExactly("0.0.0.0");
    }

    @Test
    void laterScalarFlagWins() throws ConfigException {
        assertThat(load("-node=a", "-node=b").config().nodeName()).isEqualTo("b");
    }

    @Test
    void hclFlagIsMergedAfterOtherFlags() throws ConfigException {
        LoadedConfig loaded = load("-node=a", "-hcl", "node_name = \"from-hcl\"", "-hcl=ports { dns = 8653 }");
        assertThat(loaded.config().nodeName()).isEqualTo("from-hcl");
        assertThat(loaded.config().ports().dns()).isEqualTo(8653);
    }

    @Test
    void devFlagBothForms() throws ConfigException {
        assertThat(ConfigLoader.load(List.of("-dev"), "h").config().dev()).isTrue();
        assertThat(ConfigLoader.load(List.of("--dev=true"), "h").config().dev()).isTrue();
        assertThat(load("-dev=false").config().dev()).isFalse();
    }

    @Test
    void atlasJoinIsAcceptedWithAWarning() throws ConfigException {
        LoadedConfig loaded = load("-atlas-join", "-atlas", "org/infra", "-atlas-token=secret", "-node=n");
        assertThat(loaded.warnings()).contains(
                "flag -atlas-join is obsolete and ignored: HashiCorp Atlas integration was removed from Consul in 0.9.3",
                "flag -atlas is obsolete and ignored: HashiCorp Atlas integration was removed from Consul in 0.9.3");
        assertThat(loaded.config().nodeName()).isEqualTo("n");
    }

    @ParameterizedTest
    @CsvSource({"-h", "-help", "--help", "--h"})
    void helpIsNotAnError(String arg) {
        assertThatThrownBy(() -> ConfigLoader.load(List.of("-server", arg), "h"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.helpRequested()).isTrue())
                .hasMessageStartingWith("Usage: muster agent [options]")
                .hasMessageContaining("  -retry-join=<value>")
                .hasMessageContaining("  -server\n    Switches agent to server mode.");
    }

    @Test
    void usageListsEveryFlag() {
        String usage = ConfigLoader.usage();
        AgentFlags.flags().keySet().forEach(f -> assertThat(usage).contains("  -" + f));
    }

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of(List.of("-xyz"), "flag provided but not defined: -xyz"),
                Arguments.of(List.of("--xyz=1"), "flag provided but not defined: -xyz"),
                Arguments.of(List.of("---server"), "bad flag syntax: ---server"),
                Arguments.of(List.of("-node"), "flag needs an argument: -node"),
                Arguments.of(List.of("-http-port", "abc"),
                        "invalid value \"abc\" for flag -http-port: expected a port number from 1 to 65535, or -1 to disable"),
                Arguments.of(List.of("-http-port=70000"),
                        "invalid value \"70000\" for flag -http-port: expected a port number from 1 to 65535, or -1 to disable, got 70000"),
                Arguments.of(List.of("-dns-port=-5"), "invalid value \"-5\" for flag -dns-port"),
                Arguments.of(List.of("-retry-max=many"),
                        "invalid value \"many\" for flag -retry-max: expected a whole number, e.g. -retry-max=3"),
                Arguments.of(List.of("-bind", "10.0.0.300"),
                        "invalid value \"10.0.0.300\" for flag -bind: expected an IP address such as \"10.0.0.5\""),
                Arguments.of(List.of("-bind", "{{ GetPrivateIP }}"),
                        "go-sockaddr templates such as \"{{ GetPrivateIP }}\" are not supported by Muster"),
                Arguments.of(List.of("-client", "127.0.0.1 localhost"),
                        "invalid value \"127.0.0.1 localhost\" for flag -client: expected an IP address"),
                Arguments.of(List.of("-advertise=host.example"), "for flag -advertise: expected an IP address"),
                Arguments.of(List.of("-retry-interval", "10x"),
                        "invalid value \"10x\" for flag -retry-interval: expected a duration such as \"10s\""),
                Arguments.of(List.of("-recursor", "dns.google"),
                        "invalid value \"dns.google\" for flag -recursor: expected an IP address with an optional port"),
                Arguments.of(List.of("-server=yes"),
                        "invalid boolean value \"yes\" for -server: expected -server, -server=true or -server=false"),
                Arguments.of(List.of("-server", "false"), "Unexpected extra arguments: [false]"),
                Arguments.of(List.of("-node-meta", ":v"), "invalid value \":v\" for flag -node-meta"),
                Arguments.of(List.of("-config-format", "yaml"),
                        "invalid value \"yaml\" for flag -config-format: must be 'hcl', 'json' or 'hocon'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFlags")
    void badFlagsNameTheFlagAndTheExpectedForm(List<String> args, String message) {
        assertThatThrownBy(() -> load(args.toArray(String[]::new)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.helpRequested()).isFalse())
                .hasMessageContaining(message)
                .hasMessageEndingWith(AgentFlags.USAGE_HINT);
    }

    @Test
    void doubleDashEndsFlags() {
        assertThatThrownBy(() -> load("--", "-server")).hasMessageContaining("Unexpected extra arguments: [-server]");
    }

    @Test
    void argsAreKeptAsGiven() throws ConfigException {
        Path dir = tmp.resolve("d");
        assertThat(Files.exists(dir)).isFalse();
        LoadedConfig loaded = ConfigLoader.load(List.of("-data-dir", dir.toString(), "-server"), "h");
        assertThat(loaded.args()).containsExactly("-data-dir", dir.toString(), "-server");
    }
}
