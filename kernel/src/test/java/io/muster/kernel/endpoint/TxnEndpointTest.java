package io.muster.kernel.endpoint;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.SessionRequest;
import io.muster.spi.api.TxnOp;
import io.muster.spi.api.TxnResponse;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.muster.kernel.endpoint.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

class TxnEndpointTest {
    private final Harness h = new Harness();

    @AfterEach
    void stop() {
        h.close();
    }

    private static TxnOp kv(String verb, String key, String value, long index, String session) {
        return new TxnOp.Kv(verb, key, value == null ? null : value.getBytes(), 0, index, session);
    }

    private TxnResponse txn(TxnOp... ops) {
        return await(h.plane.txn().execute(List.of(ops), QueryOptions.DEFAULT));
    }

    private KvEntry stored(String key) {
        return await(h.plane.kv().get(key, QueryOptions.DEFAULT)).value().orElseThrow();
    }

    @Test
    void kvWriteVerbsApplyAtOneIndex() {
        TxnResponse r = txn(kv("set", "a", "1", 0, null), kv("set", "b", "2", 0, null), kv("cas", "c", "3", 0, null));
        assertThat(r.failed()).isFalse();
        assertThat(r.results()).hasSize(3).allSatisfy(o -> {
            KvEntry e = (KvEntry) o;
            assertThat(e.modifyIndex()).isEqualTo(r.index());
            assertThat(e.value()).isNull(); // Consul strips values from write results
        });

        long cIndex = stored("c").modifyIndex();
        TxnResponse r2 = txn(kv("cas", "c", "4", cIndex, null), kv("delete", "a", null, 0, null),
                kv("delete-cas", "b", null, stored("b").modifyIndex(), null));
        assertThat(r2.failed()).isFalse();
        assertThat(stored("c").value()).isEqualTo("4".getBytes());
        assertThat(await(h.plane.kv().get("a", QueryOptions.DEFAULT)).value()).isEmpty();
        assertThat(await(h.plane.kv().get("b", QueryOptions.DEFAULT)).value()).isEmpty();

        txn(kv("set", "t/1", "x", 0, null), kv("set", "t/2", "x", 0, null));
        assertThat(txn(kv("delete-tree", "t/", null, 0, null)).failed()).isFalse();
        assertThat(await(h.plane.kv().list("t/", QueryOptions.DEFAULT)).value()).isEmpty();
    }

    @Test
    void readVerbsAnswerFromTheStoreWithoutAWrite() {
        txn(kv("set", "r/1", "one", 0, null), kv("set", "r/2", "two", 0, null));
        long before = h.store.index();
        KvEntry e1 = stored("r/1");

        TxnResponse r = txn(kv("get", "r/1", null, 0, null), kv("get-tree", "r/", null, 0, null),
                kv("check-index", "r/1", null, e1.modifyIndex(), null), kv("check-not-exists", "r/3", null, 0, null),
                kv("check-session", "r/1", null, 0, null));
        assertThat(r.failed()).isFalse();
        assertThat(h.store.index()).isEqualTo(before);
        assertThat(r.results()).hasSize(5);
        assertThat(((KvEntry) r.results().get(0)).value()).isEqualTo("one".getBytes());
    }

    @Test
    void anyFailingOpAppliesNothingAndReportsEachFailureWithConsulsText() {
        txn(kv("set", "exists", "x", 0, null));
        long idx = stored("exists").modifyIndex();
        TxnResponse r = txn(kv("set", "new", "x", 0, null), kv("get", "missing", null, 0, null),
                kv("cas", "exists", "y", idx + 50, null), kv("check-not-exists", "exists", null, 0, null),
                kv("check-index", "exists", null, idx + 1, null), kv("lock", "l", "x", 0, "ghost"),
                kv("unlock", "exists", "x", 0, "ghost"), kv("delete-cas", "exists", null, idx + 9, null),
                kv("frobnicate", "x", null, 0, null));

        assertThat(r.failed()).isTrue();
        assertThat(r.results()).isEmpty();
        assertThat(r.errors()).extracting(TxnResponse.TxnError::opIndex).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(r.errors()).extracting(TxnResponse.TxnError::what).containsExactly(
                "key \"missing\" doesn't exist",
                "failed to set key \"exists\", index is stale",
                "key \"exists\" exists",
                "failed index check for key \"exists\", current modify index " + idx + " != " + (idx + 1),
                "invalid session \"ghost\"",
                "failed to unlock key \"exists\", lock isn't held, or is held by another session",
                "failed to delete key \"exists\", index is stale",
                "unknown KV verb \"frobnicate\"");
        assertThat(await(h.plane.kv().get("new", QueryOptions.DEFAULT)).value()).isEmpty();
    }

    @Test
    void lockUnlockAndCheckSession() {
        h.register("node1", "127.0.0.1", null, null, Map.of());
        String s = await(h.plane.session().create(new SessionRequest(null, null, null, null, null, null, null),
                WriteOptions.DEFAULT));
        assertThat(txn(kv("lock", "l", "v", 0, s)).failed()).isFalse();
        assertThat(stored("l").session()).isEqualTo(s);
        assertThat(txn(kv("check-session", "l", null, 0, s)).failed()).isFalse();
        assertThat(txn(kv("check-session", "l", null, 0, "other")).errors().get(0).what())
                .isEqualTo("failed session check for key \"l\", current session \"" + s + "\" != \"other\"");
        assertThat(txn(kv("unlock", "l", "v", 0, s)).failed()).isFalse();
        assertThat(stored("l").session()).isNull();
        assertThat(await(h.plane.kv().put(new KvWrite("l2", new byte[0], 0, null, s, null), WriteOptions.DEFAULT)))
                .isTrue();
        assertThat(txn(kv("lock", "l2", "v", 0, "x")).failed()).isTrue();
    }

    @Test
    void nodeServiceAndCheckVerbs() {
        Node node = new Node("id", "n9", "10.0.0.9", "dc1", Map.of(), Map.of(), 0, 0);
        Service svc = Harness.service("api1", "api", "v2");
        HealthCheck check = Harness.check("n9", "api-check", "api1", HealthStatus.PASSING);
        TxnResponse r = txn(new TxnOp.NodeOp("set", node), new TxnOp.ServiceOp("set", "n9", svc),
                new TxnOp.CheckOp("set", check));
        assertThat(r.failed()).as("errors %s", r.errors()).isFalse();
        assertThat(r.results()).hasSize(3);

        TxnResponse gets = txn(new TxnOp.NodeOp("get", node), new TxnOp.ServiceOp("get", "n9", svc),
                new TxnOp.CheckOp("get", check));
        Node storedNode = (Node) gets.results().get(0);
        Service storedSvc = (Service) gets.results().get(1);
        HealthCheck storedCheck = (HealthCheck) gets.results().get(2);
        assertThat(storedCheck.serviceName()).isEqualTo("api");

        Node moved = new Node("id", "n9", "10.0.0.10", "dc1", Map.of(), Map.of(), 0, storedNode.modifyIndex());
        assertThat(txn(new TxnOp.NodeOp("cas", moved)).failed()).isFalse();
        Node stale = new Node("id", "n9", "10.0.0.11", "dc1", Map.of(), Map.of(), 0, storedNode.modifyIndex());
        assertThat(txn(new TxnOp.NodeOp("cas", stale)).errors().get(0).what())
                .isEqualTo("failed to set node \"n9\", index is stale");

        Service staleSvc = new Service("api1", "api", "", List.of(), "", Map.of(), Map.of(), 1, null, false, 0, 999);
        assertThat(txn(new TxnOp.ServiceOp("cas", "n9", staleSvc)).failed()).isTrue();
        Service svcDel = new Service("api1", "api", "", List.of(), "", Map.of(), Map.of(), 1, null, false, 0,
                storedSvc.modifyIndex());
        HealthCheck checkDel = new HealthCheck("n9", "api-check", "", HealthStatus.PASSING, "", "", "api1", "",
                List.of(), "", Map.of(), 0, storedCheck.modifyIndex());
        assertThat(txn(new TxnOp.CheckOp("delete-cas", checkDel)).failed()).isFalse();
        assertThat(txn(new TxnOp.ServiceOp("delete-cas", "n9", svcDel)).failed()).isFalse();
        assertThat(txn(new TxnOp.NodeOp("delete", moved)).failed()).isFalse();
        assertThat(txn(new TxnOp.NodeOp("get", moved)).errors().get(0).what()).isEqualTo("node \"n9\" doesn't exist");
    }

    @Test
    void moreThan128OperationsIsRefused() {
        List<TxnOp> ops = new ArrayList<>(Collections.nCopies(129, kv("set", "k", "v", 0, null)));
        try {
            h.plane.txn().execute(ops, QueryOptions.DEFAULT).toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a refusal");
        } catch (ExecutionException e) {
            ApiException api = (ApiException) e.getCause();
            assertThat(api.kind()).isEqualTo(ApiException.Kind.TOO_LARGE);
            assertThat(api).hasMessage("Transaction contains too many operations (129 > 128)");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
