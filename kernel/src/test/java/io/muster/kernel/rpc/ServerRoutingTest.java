package io.muster.kernel.rpc;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.KvEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.muster.kernel.rpc.RpcCluster.await;
import static io.muster.kernel.rpc.RpcCluster.failure;
import static org.assertj.core.api.Assertions.assertThat;

/** A follower routes default and consistent reads to the leader, answers stale ones itself, and forwards once. */
class ServerRoutingTest {
    private static final String LEADER = "10.0.0.1:8300";
    private static final String FOLLOWER = "10.0.0.2:8300";
    private static final QueryOptions STALE = QueryOptions.STALE;
    private static final QueryOptions CONSISTENT = new QueryOptions(null, Consistency.CONSISTENT, 0, null, null, null,
            Map.of(), null);

    private final RpcCluster cluster = new RpcCluster();
    private final RpcCluster.Server leader = cluster.leader("s1", LEADER);
    private final RpcCluster.Server follower = cluster.follower("s2", FOLLOWER, Optional.of(LEADER));

    @AfterEach
    void close() {
        cluster.close();
    }

    /** Gives each server's own store a different value of "k", so the answer shows who answered. */
    private void divergentStores() {
        await(leader.local.kv().put(write("k", "from-leader"), WriteOptions.DEFAULT));
        await(follower.local.kv().put(write("k", "from-follower"), WriteOptions.DEFAULT));
    }

    private static KvWrite write(String key, String value) {
        return new KvWrite(key, value.getBytes(StandardCharsets.UTF_8), 0, null, null, null);
    }

    private static String text(QueryResult<Optional<KvEntry>> r) {
        return new String(r.value().orElseThrow().value(), StandardCharsets.UTF_8);
    }

    @Test
    void followerSendsDefaultAndConsistentReadsToTheLeaderAndAnswersStaleOnesItself() {
        divergentStores();

        assertThat(text(await(follower.routed.kv().get("k", QueryOptions.DEFAULT)))).isEqualTo("from-leader");
        assertThat(text(await(follower.routed.kv().get("k", CONSISTENT)))).isEqualTo("from-leader");
        assertThat(text(await(follower.routed.kv().get("k", STALE)))).isEqualTo("from-follower");

        assertThat(cluster.transport.sent).extracting(InMemoryTransport.Sent::address).containsOnly(LEADER);
        assertThat(cluster.transport.sent).hasSize(2);
    }

    @Test
    void aClientCallReachingAFollowerIsAnsweredByTheLeader() {
        divergentStores();
        DataApis client = cluster.client(List.of(FOLLOWER), 1);

        assertThat(text(await(client.kv().get("k", QueryOptions.DEFAULT)))).isEqualTo("from-leader");
        assertThat(text(await(client.kv().get("k", STALE)))).isEqualTo("from-follower");
        assertThat(cluster.transport.addressesCalled()).containsExactly(FOLLOWER, LEADER, FOLLOWER);
    }

    @Test
    void writesAndReadsWithoutOptionsStayOnTheFollower() {
        // The consensus carries a follower's proposal to the leader; routing does not.
        assertThat(await(follower.routed.kv().put(write("w", "x"), WriteOptions.DEFAULT))).isTrue();
        assertThat(await(follower.local.kv().get("w", STALE)).value()).isPresent();
        assertThat(await(follower.routed.status().leader())).isEqualTo(LEADER);
        assertThat(cluster.transport.sent).isEmpty();
    }

    @Test
    void theLeaderAnswersItselfWithoutEncoding() {
        divergentStores();
        assertThat(text(await(leader.routed.kv().get("k", QueryOptions.DEFAULT)))).isEqualTo("from-leader");
        assertThat(cluster.transport.sent).isEmpty();
    }

    @Test
    void aForwardedCallReachingANonLeaderIsNotForwardedAgain() {
        divergentStores();
        EndpointCodec.EndpointMethod get = cluster.codec.methods().stream().filter(m -> m.key().equals("kv.get"))
                .findFirst().orElseThrow();
        byte[] request = cluster.codec.encodeRequest(get, Arrays.asList("k", QueryOptions.DEFAULT), true);

        byte[] reply = await(cluster.transport.servers.get(FOLLOWER).handle("kv.get", request));

        ApiException e = org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class,
                () -> cluster.codec.decodeReply(get, reply));
        assertThat(e.kind()).isEqualTo(ApiException.Kind.INTERNAL);
        assertThat(e.getMessage()).isEqualTo("No cluster leader");
        assertThat(cluster.transport.sent).isEmpty();
    }

    @Test
    void withoutAKnownLeaderAFollowerAnswersNoClusterLeaderAfterTheHoldTime() {
        follower.consensus.leader = Optional.empty();

        ApiException e = failure(follower.routed.kv().get("k", QueryOptions.DEFAULT));

        assertThat(e.getMessage()).isEqualTo("No cluster leader");
        assertThat(cluster.backoffs).isNotEmpty();
        assertThat(cluster.transport.sent).isEmpty();
    }

    @Test
    void aLeaderElectedWhileWaitingAnswersTheRead() {
        divergentStores();
        follower.consensus.leader = Optional.empty();
        cluster.onBackoff = () -> follower.consensus.leader = Optional.of(LEADER);

        assertThat(text(await(follower.routed.kv().get("k", QueryOptions.DEFAULT)))).isEqualTo("from-leader");
        assertThat(cluster.backoffs).containsExactly(java.time.Duration.ofMillis(250));
    }

    @Test
    void aStaleReadGoesToTheLeaderWhenThisServerLagsMoreThanMaxStale() {
        divergentStores();
        // The test follower last heard from the leader 5 ms ago.
        QueryOptions fresh = new QueryOptions(null, Consistency.STALE, 0, null, null, null, Map.of(),
                java.time.Duration.ofSeconds(1));
        QueryOptions strict = new QueryOptions(null, Consistency.STALE, 0, null, null, null, Map.of(),
                java.time.Duration.ofMillis(1));

        assertThat(text(await(follower.routed.kv().get("k", fresh)))).isEqualTo("from-follower");
        assertThat(text(await(follower.routed.kv().get("k", strict)))).isEqualTo("from-leader");
    }
}
