package io.muster.kernel.agent;

import io.muster.kernel.testing.MutableClock;
import io.muster.spi.api.AgentSelf;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.Endpoints;
import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckResult;
import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LocalAgentTest {
    private final MutableClock clock = new MutableClock();
    private final FakeCatalog remote = new FakeCatalog();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<LocalAgent> agents = new ArrayList<>();

    /** A ttl type and a "probe" interval type whose runs never answer (tests drive time by hand). */
    private static final CheckType TTL = new CheckType() {
        public String name() {
            return "ttl";
        }

        public boolean accepts(CheckDefinition d) {
            return d.ttl() != null;
        }

        public Schedule schedule() {
            return Schedule.TTL;
        }

        public void validate(CheckDefinition d, CheckEnvironment env, boolean local) {
        }

        public CheckProbe create(CheckDefinition d, CheckEnvironment env) {
            throw new UnsupportedOperationException();
        }
    };
    private static final CheckType PROBE = new CheckType() {
        public String name() {
            return "probe";
        }

        public boolean accepts(CheckDefinition d) {
            return d.option("probe").isPresent();
        }

        public void validate(CheckDefinition d, CheckEnvironment env, boolean local) {
            if (!local && !env.scriptChecksEnabled()) {
                throw new IllegalArgumentException("Scripts are disabled on this agent from remote calls; to enable, "
                        + "configure 'enable_script_checks' to true");
            }
        }

        public CheckProbe create(CheckDefinition d, CheckEnvironment env) {
            return CompletableFuture<CheckResult>::new;
        }
    };

    private LocalAgent agent(Optional<Path> dataDir, boolean scripts) {
        Endpoints endpoints = (Endpoints) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Endpoints.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "catalog" -> remote.catalog;
                    case "health" -> remote.health;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        AgentCluster cluster = new AgentCluster() {
            public AgentSelf self() {
                throw new UnsupportedOperationException();
            }

            public List<Member> members(boolean wan) {
                return List.of();
            }

            public CompletionStage<Integer> join(List<String> addresses, boolean wan) {
                return CompletableFuture.completedFuture(0);
            }

            public CompletionStage<Void> leave() {
                return CompletableFuture.completedFuture(null);
            }

            public CompletionStage<Void> forceLeave(String node, boolean prune) {
                return CompletableFuture.completedFuture(null);
            }

            public CompletionStage<List<String>> reload() {
                return CompletableFuture.completedFuture(List.of());
            }
        };
        LocalAgentSettings settings = new LocalAgentSettings("node-a", "id-1", "dc1", "10.0.0.1", Map.of(), Map.of(),
                dataDir, scripts, true, Duration.ofMinutes(5));
        LocalAgent agent = LocalAgent.createForTest(settings, List.of(TTL, PROBE), () -> endpoints, cluster, executor,
                Runnable::run, clock, new Random(1));
        agents.add(agent);
        return agent;
    }

    @AfterEach
    void stop() {
        agents.forEach(LocalAgent::stop);
        executor.shutdownNow();
    }

    private static Map<String, Object> webWithChecks(Object... checks) {
        return Map.of("Name", "web", "ID", "web1", "Port", 80, "Address", "10.0.0.5", "Checks", List.of(checks));
    }

    @Test
    void localStateWatchersHearEveryChangeUntilClosed() throws Exception {
        LocalAgent agent = agent(Optional.empty(), true);
        List<String> heard = new ArrayList<>();
        AutoCloseable first = agent.watchLocalState(() -> heard.add("first"));
        agent.watchLocalState(() -> heard.add("second"));
        agent.registerService(agent.decodeService(webWithChecks(Map.of("TTL", "30s"))), false, false);
        assertThat(heard).containsExactly("first", "second");

        first.close();
        agent.updateTtlCheck("service:web1", HealthStatus.PASSING, "ok");
        agent.enableServiceMaintenance("web1", "upgrade");
        agent.deregisterService("web1");
        assertThat(heard).containsExactly("first", "second", "second", "second", "second");
    }

    @Test
    void aFailingLocalStateWatcherDoesNotUndoTheChangeNorSilenceOthers() {
        LocalAgent agent = agent(Optional.empty(), true);
        List<String> heard = new ArrayList<>();
        agent.watchLocalState(() -> {
            throw new IllegalStateException("listener broke");
        });
        agent.watchLocalState(() -> heard.add("ok"));
        agent.registerService(agent.decodeService(webWithChecks(Map.of("TTL", "30s"))), false, false);
        assertThat(agent.service("web1")).isPresent();
        assertThat(heard).containsExactly("ok");
    }

    @Test
    void serviceChecksGetConsulsIdsNamesAndInitialStatus() {
        LocalAgent agent = agent(Optional.empty(), true);
        agent.registerService(agent.decodeService(webWithChecks(Map.of("TTL", "30s"), Map.of("probe", "x", "Interval", "5s"))),
                false, false);
        Map<String, HealthCheck> checks = agent.checks();
        assertThat(checks).containsOnlyKeys("service:web1:1", "service:web1:2");
        HealthCheck first = checks.get("service:web1:1");
        assertThat(first.name()).isEqualTo("Service 'web' check");
        assertThat(first.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(first.serviceName()).isEqualTo("web");
        assertThat(first.type()).isEqualTo("ttl");
        assertThat(checks.get("service:web1:2").definition()).containsEntry("Interval", "5s");
        assertThat(agent.service("web1").orElseThrow().taggedAddresses()).containsKeys("lan_ipv4", "wan_ipv4");

        agent.registerService(agent.decodeService(Map.of("Name", "api", "Check", Map.of("TTL", "30s", "Status", "passing"))),
                false, false);
        assertThat(agent.checks().get("service:api").status()).isEqualTo(HealthStatus.PASSING);
    }

    @Test
    void invalidRegistrationsAreRefusedWithConsulsTextsAndRegisterNothing() {
        LocalAgent agent = agent(Optional.empty(), false);
        assertThatThrownBy(() -> agent.registerService(agent.decodeService(Map.of("Port", 80)), false, false))
                .isInstanceOf(ApiException.class).hasMessage("Missing service name");
        assertThatThrownBy(() -> agent.registerService(agent.decodeService(webWithChecks(Map.of("TTL", "5s"),
                Map.of("Interval", "5s", "grpc", "x"))), false, false))
                .hasMessage("Invalid check: check \"service:web1:2\" has no type this agent knows: set one of args, http, tcp, "
                        + "ttl, alias_service, ... (check types loaded: probe, ttl)");
        assertThatThrownBy(() -> agent.registerService(agent.decodeService(webWithChecks(Map.of("probe", "x", "Interval", "5s"))),
                false, false)).hasMessage("Scripts are disabled on this agent from remote calls; to enable, configure "
                + "'enable_script_checks' to true")
                .satisfies(e -> assertThat(((ApiException) e).kind()).isEqualTo(ApiException.Kind.BAD_REQUEST));
        assertThat(agent.services()).isEmpty();
        assertThat(agent.checks()).isEmpty();
        assertThatThrownBy(() -> agent.registerCheck(agent.decodeCheck(Map.of("TTL", "5s")), false)).hasMessage("Missing check name");
        assertThatThrownBy(() -> agent.registerCheck(agent.decodeCheck(Map.of("Name", "c", "TTL", "5s", "ServiceID", "nope")), false))
                .hasMessage("ServiceID \"nope\" does not exist");
        assertThatThrownBy(() -> agent.registerCheck(agent.decodeCheck(Map.of("Name", "c", "TTL", "5s", "Interval", "1s")), false))
                .hasMessage("Invalid check: Interval and TTL cannot both be specified");
    }

    @Test
    void ttlUpdatesAndTheirErrors() {
        LocalAgent agent = agent(Optional.empty(), true);
        agent.registerCheck(agent.decodeCheck(Map.of("Name", "heartbeat", "TTL", "30s")), false);
        agent.registerCheck(agent.decodeCheck(Map.of("Name", "poll", "probe", "x", "Interval", "10s")), false);
        agent.updateTtlCheck("heartbeat", HealthStatus.WARNING, "slow");
        assertThat(agent.checks().get("heartbeat")).extracting(HealthCheck::status, HealthCheck::output)
                .containsExactly(HealthStatus.WARNING, "slow");
        assertThatThrownBy(() -> agent.updateTtlCheck("nope", HealthStatus.PASSING, ""))
                .hasMessage("Unknown check ID \"nope\". Ensure that the check ID is passed, not the check name.")
                .satisfies(e -> assertThat(((ApiException) e).kind()).isEqualTo(ApiException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> agent.updateTtlCheck("poll", HealthStatus.PASSING, ""))
                .hasMessage("CheckID \"poll\" does not have associated TTL")
                .satisfies(e -> assertThat(((ApiException) e).kind()).isEqualTo(ApiException.Kind.BAD_REQUEST));
    }

    @Test
    void maintenanceModeAddsCriticalChecks() {
        LocalAgent agent = agent(Optional.empty(), true);
        agent.registerService(agent.decodeService(Map.of("Name", "web")), false, false);
        agent.enableNodeMaintenance("");
        HealthCheck node = agent.checks().get("_node_maintenance");
        assertThat(node.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(node.name()).isEqualTo("Node Maintenance Mode");
        assertThat(node.notes()).isEqualTo(LocalAgent.DEFAULT_NODE_MAINT_REASON);
        assertThat(agent.enableServiceMaintenance("web", "deploying")).isTrue();
        assertThat(agent.checks().get("_service_maintenance:web")).extracting(HealthCheck::notes, HealthCheck::serviceId)
                .containsExactly("deploying", "web");
        assertThat(agent.enableServiceMaintenance("nope", "x")).isFalse();
        agent.disableNodeMaintenance();
        assertThat(agent.disableServiceMaintenance("web")).isTrue();
        assertThat(agent.checks()).isEmpty();
    }

    @Test
    void replaceExistingChecksDropsChecksNotInTheNewDefinition() {
        LocalAgent agent = agent(Optional.empty(), true);
        agent.registerService(agent.decodeService(webWithChecks(Map.of("ID", "a", "TTL", "5s"), Map.of("ID", "b", "TTL", "5s"))),
                false, false);
        agent.registerService(agent.decodeService(webWithChecks(Map.of("ID", "a", "TTL", "5s"))), false, false);
        assertThat(agent.checks()).containsOnlyKeys("a", "b");
        agent.registerService(agent.decodeService(webWithChecks(Map.of("ID", "a", "TTL", "5s"))), true, false);
        assertThat(agent.checks()).containsOnlyKeys("a");
    }

    @Test
    void apiRegistrationsSurviveARestartButConfigOnesDoNot(@TempDir Path dir) {
        LocalAgent first = agent(Optional.of(dir), true);
        first.applyConfig(List.of(new ConfigSourced("/etc/muster/db.json", Map.of("name", "db", "check", Map.of("ttl", "1m")))),
                List.of());
        first.registerService(first.decodeService(webWithChecks(Map.of("TTL", "30s"))), false, false);
        first.registerCheck(first.decodeCheck(Map.of("Name", "disk", "probe", "x", "Interval", "20s",
                "SuccessBeforePassing", 2)), false);
        first.updateTtlCheck("service:web1", HealthStatus.PASSING, "fine");
        first.enableNodeMaintenance("upgrade");
        first.stop();
        assertThat(dir.resolve("services").resolve(AgentPersistence.hash("web1") + ".json")).exists();

        LocalAgent second = agent(Optional.of(dir), true);
        second.start();
        assertThat(second.services()).containsOnlyKeys("web1");
        assertThat(second.checks()).containsOnlyKeys("service:web1", "disk", "_node_maintenance");
        assertThat(second.checks().get("service:web1")).extracting(HealthCheck::status, HealthCheck::output)
                .containsExactly(HealthStatus.PASSING, "fine");
        assertThat(second.checks().get("_node_maintenance").notes()).isEqualTo("upgrade");

        second.deregisterService("web1");
        second.deregisterCheck("disk");
        assertThat(dir.resolve("services").resolve(AgentPersistence.hash("web1") + ".json")).doesNotExist();
        assertThat(dir.resolve("checks").resolve(AgentPersistence.hash("disk") + ".json")).doesNotExist();
    }

    @Test
    void anExpiredTtlIsNotRestored(@TempDir Path dir) {
        LocalAgent first = agent(Optional.of(dir), true);
        first.registerCheck(first.decodeCheck(Map.of("Name", "hb", "TTL", "10s")), false);
        first.updateTtlCheck("hb", HealthStatus.PASSING, "ok");
        first.stop();
        clock.advance(Duration.ofSeconds(11));
        LocalAgent second = agent(Optional.of(dir), true);
        second.start();
        assertThat(second.checks().get("hb").status()).isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void reloadAddsChangesAndRemovesConfigEntriesKeepingUnchangedState() {
        LocalAgent agent = agent(Optional.empty(), true);
        ConfigSourced web = new ConfigSourced("web.json", Map.of("name", "web", "check", Map.of("id", "hb", "ttl", "30s")));
        ConfigSourced mem = new ConfigSourced("mem.json", Map.of("name", "mem", "ttl", "30s"));
        assertThat(agent.applyConfig(List.of(web), List.of(mem))).isEmpty();
        agent.updateTtlCheck("hb", HealthStatus.PASSING, "ok");
        agent.registerService(agent.decodeService(Map.of("Name", "api")), false, false);

        assertThat(agent.applyConfig(List.of(web), List.of(mem))).isEmpty();
        assertThat(agent.checks().get("hb").status()).as("unchanged check keeps its state").isEqualTo(HealthStatus.PASSING);

        ConfigSourced web2 = new ConfigSourced("web.json", Map.of("name", "web", "tags", List.of("v2"),
                "check", Map.of("id", "hb", "ttl", "30s")));
        List<String> errors = agent.applyConfig(List.of(web2, new ConfigSourced("bad.json", Map.of("port", "x"))), List.of());
        assertThat(errors).containsExactly("bad.json: Request decode failed: port: expected a whole number, got \"x\"");
        assertThat(agent.service("web").orElseThrow().tags()).containsExactly("v2");
        assertThat(agent.checks()).containsOnlyKeys("hb");
        assertThat(agent.checks().get("hb").serviceTags()).containsExactly("v2");
        assertThat(agent.services()).containsOnlyKeys("web", "api");

        agent.applyConfig(List.of(), List.of());
        assertThat(agent.services()).containsOnlyKeys("api");
    }

    @Test
    void startedAgentSyncsItsEntriesToTheCatalog() {
        LocalAgent agent = agent(Optional.empty(), true);
        agent.start();
        agent.registerService(agent.decodeService(webWithChecks(Map.of("TTL", "30s"))), false, false);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            synchronized (remote.catalog) {
                assertThat(remote.services).containsOnlyKeys("web1");
                assertThat(remote.checks).containsOnlyKeys("service:web1");
            }
        });
        agent.updateTtlCheck("service:web1", HealthStatus.PASSING, "ok");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            synchronized (remote.catalog) {
                assertThat(remote.checks.get("service:web1").status()).isEqualTo(HealthStatus.PASSING);
            }
        });
    }
}
