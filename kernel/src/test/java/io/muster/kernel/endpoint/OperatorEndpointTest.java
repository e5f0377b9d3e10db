package io.muster.kernel.endpoint;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.AutopilotHealth;
import io.muster.spi.api.AutopilotState;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.RaftConfiguration;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.membership.KeyringResponse;
import io.muster.spi.membership.Membership;
import io.muster.spi.membership.MembershipContext;
import io.muster.spi.membership.UserEvent;
import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Member;
import io.muster.spi.api.OperatorApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.muster.kernel.endpoint.Harness.await;
import static io.muster.kernel.endpoint.Harness.failure;
import static org.assertj.core.api.Assertions.assertThat;

class OperatorEndpointTest {
    private final Harness h = new Harness();
    private final OperatorApi operator = h.plane.operator(Optional.empty(), "1.21.0");

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void raftConfigurationNamesTheLocalServerAsLeaderAndVoter() {
        RaftConfiguration config = await(operator.raftConfiguration(QueryOptions.DEFAULT));
        assertThat(config.servers()).containsExactly(new RaftConfiguration.Server(Harness.SELF.nodeId(), "node1",
                "127.0.0.1:8300", true, true, "3"));
        assertThat(config.index()).isPositive();
    }

    @Test
    void peerRemovalValidatesItsArgumentsAndLocalConsensusRefusesClearly() {
        assertThat(failure(operator.raftRemovePeer("", "", WriteOptions.DEFAULT)))
                .hasMessage("Must specify either ?id with the server's ID or ?address with IP:port of server to remove");
        Throwable unknown = failure(operator.raftRemovePeer("", "10.0.0.9:8300", WriteOptions.DEFAULT));
        assertThat(unknown).hasMessage("address \"10.0.0.9:8300\" was not found in the Raft configuration");
        Throwable local = failure(operator.raftRemovePeer("", "127.0.0.1:8300", WriteOptions.DEFAULT));
        assertThat(((ApiException) local).kind()).isEqualTo(ApiException.Kind.INTERNAL);
        assertThat(local).hasMessageContaining("local consensus cannot remove voters");
    }

    @Test
    void autopilotConfigurationDefaultsThenStoresWithCas() {
        AutopilotConfig initial = await(operator.autopilotConfiguration(QueryOptions.DEFAULT));
        assertThat(initial).isEqualTo(AutopilotConfig.DEFAULTS);
        AutopilotConfig changed = new AutopilotConfig(false, Duration.ofMillis(500), 100, 3, Duration.ofSeconds(20),
                "zone", true, "ver", 0, 0);
        assertThat(await(operator.setAutopilotConfiguration(changed, 5L, WriteOptions.DEFAULT))).isFalse();
        assertThat(await(operator.setAutopilotConfiguration(changed, 0L, WriteOptions.DEFAULT))).isTrue();
        AutopilotConfig stored = await(operator.autopilotConfiguration(QueryOptions.DEFAULT));
        assertThat(stored.withIndexes(0, 0)).isEqualTo(changed);
        assertThat(stored.modifyIndex()).isPositive();
        assertThat(await(operator.setAutopilotConfiguration(changed, 0L, WriteOptions.DEFAULT))).isFalse();
        assertThat(await(operator.setAutopilotConfiguration(AutopilotConfig.DEFAULTS, stored.modifyIndex(),
                WriteOptions.DEFAULT))).isTrue();
        assertThat(await(operator.setAutopilotConfiguration(AutopilotConfig.DEFAULTS, null, WriteOptions.DEFAULT)))
                .isTrue();
    }

    @Test
    void healthFollowsTheServersSerfHealthCheck() {
        h.register("node1", "127.0.0.1", null, HealthStatus.PASSING, Map.of());
        AutopilotHealth healthy = await(operator.autopilotHealth(QueryOptions.DEFAULT));
        assertThat(healthy.healthy()).isTrue();
        assertThat(healthy.failureTolerance()).isZero();
        assertThat(healthy.servers().get(0).serfStatus()).isEqualTo("alive");
        assertThat(healthy.servers().get(0).leader()).isTrue();
        AutopilotState state = await(operator.autopilotState(QueryOptions.DEFAULT));
        assertThat(state.leader()).isEqualTo(Harness.SELF.nodeId());
        assertThat(state.voters()).containsExactly(Harness.SELF.nodeId());

        await(h.plane.catalog().register(new io.muster.spi.api.CatalogRegistration(null, "node1", "127.0.0.1", null,
                Map.of(), Map.of(), null, List.of(Harness.check("node1", "serfHealth", "", HealthStatus.CRITICAL)),
                true), WriteOptions.DEFAULT));
        AutopilotHealth failed = await(operator.autopilotHealth(QueryOptions.DEFAULT));
        assertThat(failed.healthy()).isFalse();
        assertThat(failed.servers().get(0).serfStatus()).isEqualTo("failed");
    }

    @Test
    void healthReportsTheLeadersViewOfEachServersContactIndexAndTerm() {
        h.register("node1", "127.0.0.1", null, HealthStatus.PASSING, Map.of());
        io.muster.spi.consensus.Consensus withProgress = (io.muster.spi.consensus.Consensus) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[]{io.muster.spi.consensus.Consensus.class},
                        (proxy, method, args) -> method.getName().equals("serverProgress")
                                ? Map.of("node1", new io.muster.spi.consensus.ServerProgress(0, 42, 7))
                                : method.invoke(h.consensus, args));
        OperatorEndpoint leaderView = new OperatorEndpoint(h.store,
                new Proposer(withProgress, new io.muster.kernel.consensus.CommandCodec()), withProgress, Harness.SELF,
                Optional.empty(), "1.21.0", h.clock, io.muster.spi.model.AutopilotConfig.DEFAULTS);

        AutopilotHealth.Server server = await(leaderView.autopilotHealth(QueryOptions.DEFAULT)).servers().get(0);

        assertThat(server.lastIndex()).isEqualTo(42);
        assertThat(server.lastTerm()).isEqualTo(7);
        assertThat(server.lastContact()).isEqualTo(Duration.ZERO);
    }

    @Test
    void keyringWithoutMembershipFailsAndWithOneDelegates() {
        assertThat(failure(operator.keyringList(false))).hasMessageContaining("without a membership plugin");
        KeyringResponse lan = new KeyringResponse(false, "dc1", Map.of(), Map.of("k1==", 1), Map.of("k1==", 1), 1);
        List<String> calls = new java.util.ArrayList<>();
        OperatorApi withGossip = h.plane.operator(Optional.of(new KeyringOnly(lan, calls)), "1.21.0");
        assertThat(await(withGossip.keyringList(false))).containsExactly(lan);
        await(withGossip.keyringInstall("k2=="));
        await(withGossip.keyringUse("k2=="));
        await(withGossip.keyringRemove("k1=="));
        assertThat(calls).containsExactly("list", "install k2==", "use k2==", "remove k1==");
        assertThat(failure(withGossip.keyringInstall(""))).hasMessageStartingWith("Missing Key");
    }

    /** A membership that only answers keyring calls. */
    private record KeyringOnly(KeyringResponse answer, List<String> calls) implements Membership {
        public String name() {
            return "test";
        }

        public void start(MembershipContext context) {
        }

        public CompletionStage<Integer> join(List<String> addresses, boolean wan) {
            return CompletableFuture.completedFuture(0);
        }

        public List<Member> members(boolean wan) {
            return List.of();
        }

        public CompletionStage<Void> leave() {
            return CompletableFuture.completedFuture(null);
        }

        public CompletionStage<Void> forceLeave(String node, boolean prune) {
            return CompletableFuture.completedFuture(null);
        }

        public void fire(UserEvent event) {
        }

        public CompletionStage<List<KeyringResponse>> keyringList() {
            calls.add("list");
            return CompletableFuture.completedFuture(List.of(answer));
        }

        public CompletionStage<List<KeyringResponse>> keyringInstall(String key) {
            calls.add("install " + key);
            return CompletableFuture.completedFuture(List.of(answer));
        }

        public CompletionStage<List<KeyringResponse>> keyringUse(String key) {
            calls.add("use " + key);
            return CompletableFuture.completedFuture(List.of(answer));
        }

        public CompletionStage<List<KeyringResponse>> keyringRemove(String key) {
            calls.add("remove " + key);
            return CompletableFuture.completedFuture(List.of(answer));
        }

        public void stop() {
        }
    }
}
