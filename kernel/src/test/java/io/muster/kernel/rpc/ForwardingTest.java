package io.muster.kernel.rpc;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.KvEntry;
import io.muster.spi.transport.TransportHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static io.muster.kernel.rpc.RpcCluster.await;
import static io.muster.kernel.rpc.RpcCluster.failure;
import static org.assertj.core.api.Assertions.assertThat;

/** A client agent's calls forwarded to servers through an in-memory transport. */
class ForwardingTest {
    private static final String S1 = "10.0.0.1:8300";
    private static final String S2 = "10.0.0.2:8300";

    private final RpcCluster cluster = new RpcCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    private static KvWrite put(String key, String value) {
        return new KvWrite(key, value.getBytes(StandardCharsets.UTF_8), 0, null, null, null);
    }

    private static String text(QueryResult<Optional<KvEntry>> result) {
        return new String(result.value().orElseThrow().value(), StandardCharsets.UTF_8);
    }

    @Test
    void clientWriteIsAppliedOnTheServerAndReadBack() {
        RpcCluster.Server server = cluster.leader("s1", S1);
        DataApis client = cluster.client(List.of(S1), 1);

        assertThat(await(client.kv().put(put("web/config", "v1"), WriteOptions.DEFAULT))).isTrue();

        assertThat(text(await(server.local.kv().get("web/config", QueryOptions.DEFAULT)))).isEqualTo("v1");
        QueryResult<Optional<KvEntry>> read = await(client.kv().get("web/config", QueryOptions.DEFAULT));
        assertThat(text(read)).isEqualTo("v1");
        // The answering server's meta data comes back as it sent it.
        assertThat(read.knownLeader()).isTrue();
        assertThat(read.index()).isEqualTo(await(server.local.kv().get("web/config", QueryOptions.DEFAULT)).index());
        assertThat(cluster.transport.sent).extracting(InMemoryTransport.Sent::endpoint).containsExactly("kv.put", "kv.get");
        assertThat(cluster.transport.sent).extracting(InMemoryTransport.Sent::deadline)
                .containsOnly(Forwarder.CALL_TIMEOUT);
    }

    @Test
    void forwardedBlockingQueryParksOnTheServerAndWakesOnALaterWrite() {
        RpcCluster.Server server = cluster.leader("s1", S1);
        DataApis client = cluster.client(List.of(S1), 1);
        await(client.kv().put(put("k", "old"), WriteOptions.DEFAULT));
        long index = await(client.kv().get("k", QueryOptions.DEFAULT)).index();

        CompletionStage<QueryResult<Optional<KvEntry>>> parked = client.kv().get("k",
                QueryOptions.DEFAULT.withMinIndex(index, Duration.ofMinutes(2)));
        assertThat(parked.toCompletableFuture()).isNotDone();
        // The caller's deadline outlasts the server's wait and jitter: 2m + 2m/16 + 10s.
        assertThat(cluster.transport.sent.get(cluster.transport.sent.size() - 1).deadline())
                .isEqualTo(Duration.ofMinutes(2).plusSeconds(7).plusMillis(500).plusSeconds(10));

        await(server.local.kv().put(put("k", "new"), WriteOptions.DEFAULT));

        QueryResult<Optional<KvEntry>> woken = await(parked);
        assertThat(text(woken)).isEqualTo("new");
        assertThat(woken.index()).isGreaterThan(index);
    }

    @Test
    void blockingDeadlineUsesTheDefaultWaitAndTheCap() {
        EndpointCodec.EndpointMethod get = cluster.codec.methods().stream().filter(m -> m.key().equals("kv.get"))
                .findFirst().orElseThrow();
        assertThat(Forwarder.timeout(get, java.util.Arrays.asList("k", QueryOptions.DEFAULT.withMinIndex(3, null))))
                .isEqualTo(Duration.ofMinutes(5).plus(Duration.ofMinutes(5).dividedBy(16)).plusSeconds(10));
        assertThat(Forwarder.timeout(get, java.util.Arrays.asList("k",
                QueryOptions.DEFAULT.withMinIndex(3, Duration.ofHours(1)))))
                .isEqualTo(Duration.ofMinutes(10).plus(Duration.ofMinutes(10).dividedBy(16)).plusSeconds(10));
        assertThat(Forwarder.timeout(get, java.util.Arrays.asList("k", QueryOptions.DEFAULT)))
                .isEqualTo(Forwarder.CALL_TIMEOUT);
    }

    @Test
    void serverErrorsKeepTheirKindAndText() {
        cluster.leader("s1", S1);
        DataApis client = cluster.client(List.of(S1), 1);

        ApiException e = failure(client.kv().put(put("", "v"), WriteOptions.DEFAULT));

        assertThat(e.kind()).isEqualTo(ApiException.Kind.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo("Missing key name");
    }

    @Test
    void noKnownServersFailsWithConsulsText() {
        DataApis client = cluster.client(List.of(), 1);

        ApiException e = failure(client.kv().get("k", QueryOptions.DEFAULT));

        assertThat(e.kind()).isEqualTo(ApiException.Kind.INTERNAL);
        assertThat(e.getMessage()).isEqualTo("No known Consul servers");
        assertThat(cluster.transport.sent).isEmpty();
    }

    @Test
    void aRefusedConnectionMovesTheCallAndLaterCallsToTheNextServer() {
        cluster.leader("s1", S1);
        cluster.leader("s2", S2);
        ServerList servers = new ServerList(() -> List.of(S1, S2), cluster.clock, new java.util.Random(7));
        String first = servers.candidates().get(0);
        String second = first.equals(S1) ? S2 : S1;
        cluster.transport.refusing.add(first);
        DataApis client = new DataApis(null, null, null, null, null, null, null, null, null, null, null)
                .through(cluster.codec, cluster.client(servers));

        // A write whose request was never sent is safe to send elsewhere.
        assertThat(await(client.kv().put(put("k", "v"), WriteOptions.DEFAULT))).isTrue();
        assertThat(await(client.kv().get("k", QueryOptions.DEFAULT)).value()).isPresent();

        assertThat(cluster.transport.addressesCalled()).containsExactly(first, second, second);
        assertThat(cluster.backoffs).isEmpty();
    }

    @Test
    void aSentWriteThatFailsInTransitIsNotRetried() {
        RpcCluster.Server s1 = cluster.leader("s1", S1);
        cluster.transport.losingAnswers.add(S1);
        DataApis client = cluster.client(List.of(S1), 3);

        ApiException e = failure(client.kv().put(put("k", "v"), WriteOptions.DEFAULT));

        assertThat(e.kind()).isEqualTo(ApiException.Kind.INTERNAL);
        assertThat(e.getMessage()).contains("kv.put").contains("outcome is unknown");
        assertThat(cluster.transport.sent).hasSize(1);
        assertThat(cluster.backoffs).isEmpty();
        // Why it must not be retried: it was applied.
        assertThat(await(s1.local.kv().get("k", QueryOptions.DEFAULT)).value()).isPresent();
    }

    @Test
    void aReadWhoseAnswerIsLostIsRetriedOnTheNextServer() {
        cluster.leader("s1", S1);
        cluster.leader("s2", S2);
        ServerList servers = new ServerList(() -> List.of(S1, S2), cluster.clock, new java.util.Random(11));
        String first = servers.candidates().get(0);
        cluster.transport.losingAnswers.add(first);
        DataApis client = new DataApis(null, null, null, null, null, null, null, null, null, null, null)
                .through(cluster.codec, cluster.client(servers));

        QueryResult<List<String>> keys = await(client.kv().keys("", null, QueryOptions.DEFAULT));

        assertThat(keys.value()).isEmpty();
        assertThat(cluster.transport.sent).hasSize(2);
        assertThat(cluster.transport.sent.get(1).address()).isNotEqualTo(first);
    }

    @Test
    void noClusterLeaderIsRetriedWithAGrowingBackoffOnTheTimer() {
        RpcCluster.Server server = cluster.leader("s1", S1);
        TransportHandler real = cluster.transport.servers.get(S1);
        AtomicInteger refusals = new AtomicInteger(3);
        cluster.transport.servers.put(S1, (endpoint, request) -> refusals.getAndDecrement() > 0
                ? CompletableFuture.completedFuture(cluster.codec.encodeFailure(ApiException.noLeader()))
                : real.handle(endpoint, request));
        DataApis client = cluster.client(List.of(S1), 1);

        assertThat(await(client.kv().put(put("k", "v"), WriteOptions.DEFAULT))).isTrue();

        assertThat(cluster.backoffs).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500),
                Duration.ofSeconds(1));
        assertThat(await(server.local.kv().get("k", QueryOptions.DEFAULT)).value()).isPresent();
    }

    @Test
    void noClusterLeaderGivesUpAfterTheHoldTime() {
        cluster.leader("s1", S1);
        cluster.transport.servers.put(S1, (endpoint, request) ->
                CompletableFuture.completedFuture(cluster.codec.encodeFailure(ApiException.noLeader())));
        DataApis client = cluster.client(List.of(S1), 1);

        ApiException e = failure(client.kv().get("k", QueryOptions.DEFAULT));

        assertThat(e.getMessage()).isEqualTo("No cluster leader");
        // 250 + 500 + 1000 + 2000 + 2000 ms = 5.75 s; one more 2 s wait would pass the 7 s hold.
        assertThat(cluster.backoffs).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void keyringCallsStayOnTheLocalImplementation() {
        DataApis client = cluster.client(List.of(), 1);
        // The client's local operator is absent here: a keyring call must not be forwarded (no transport call).
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.operator().keyringList(false))
                .isInstanceOf(RuntimeException.class);
        assertThat(cluster.transport.sent).isEmpty();
    }
}
