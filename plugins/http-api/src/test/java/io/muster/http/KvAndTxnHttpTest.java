package io.muster.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.TxnOp;
import io.muster.spi.api.TxnResponse;
import io.muster.spi.model.KvEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.List;

import static io.muster.http.HttpHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

class KvAndTxnHttpTest {
    private final HttpHarness http = new HttpHarness();

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void putThenGetReturnsConsulsKvShapeAndQueryHeaders() {
        HttpResponse<String> put = http.put("/v1/kv/web/config?flags=42", "bar");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("true");
        KvWrite write = (KvWrite) http.fake.writes.get(0);
        assertThat(write.flags()).isEqualTo(42);
        assertThat(write.cas()).isNull();

        HttpResponse<String> get = http.get("/v1/kv/web/config");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(get.headers().firstValue("X-Consul-Index")).hasValue(Long.toString(http.fake.index));
        assertThat(get.headers().firstValue("X-Consul-KnownLeader")).hasValue("true");
        assertThat(get.headers().firstValue("X-Consul-LastContact")).hasValue("0");
        assertThat(get.headers().firstValue("X-Consul-Effective-Consistency")).hasValue("leader");
        assertThat(get.headers().firstValue("X-Test-Header")).hasValue("yes");
        JsonNode entry = json(get).get(0);
        assertThat(entry.fieldNames()).toIterable().containsExactly("LockIndex", "Key", "Flags", "Value",
                "CreateIndex", "ModifyIndex");
        assertThat(entry.get("Key").asText()).isEqualTo("web/config");
        assertThat(entry.get("Value").asText()).isEqualTo("YmFy");
        assertThat(entry.get("Flags").asLong()).isEqualTo(42);
    }

    @Test
    void flagsAreUint64AsInGoSoTheSemaphoreFlagRoundTrips() {
        String semaphoreFlag = "16210313421097356768";
        assertThat(http.put("/v1/kv/sem/.lock?flags=" + semaphoreFlag, "{}").statusCode()).isEqualTo(200);
        assertThat(((KvWrite) http.fake.writes.get(0)).flags()).isEqualTo(Long.parseUnsignedLong(semaphoreFlag));

        http.fake.store.put("sem/.lock", new KvEntry("sem/.lock", 3, 4, 0, Long.parseUnsignedLong(semaphoreFlag),
                null, null));
        assertThat(http.get("/v1/kv/sem/.lock").body()).contains("\"Flags\":" + semaphoreFlag + ",");
        assertThat(http.put("/v1/kv/sem/.lock?flags=18446744073709551616", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void keyWithoutValueHasNullValueAndSessionWhenLocked() {
        http.fake.store.put("lock", new KvEntry("lock", 3, 4, 1, 0, null, FakeEndpoints.SESSION_ID));
        JsonNode entry = json(http.get("/v1/kv/lock")).get(0);
        assertThat(entry.get("Value").isNull()).isTrue();
        assertThat(entry.get("Session").asText()).isEqualTo(FakeEndpoints.SESSION_ID);
        assertThat(entry.get("LockIndex").asLong()).isEqualTo(1);
    }

    @Test
    void rawReturnsTheBytesAsTextPlain() {
        http.put("/v1/kv/raw", "hello");
        HttpResponse<String> raw = http.get("/v1/kv/raw?raw");
        assertThat(raw.body()).isEqualTo("hello");
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(raw.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void missingKeyIs404WithIndexAndNoBody() {
        HttpResponse<String> get = http.get("/v1/kv/nope");
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.body()).isEmpty();
        assertThat(get.headers().firstValue("X-Consul-Index")).hasValue("10");
    }

    @Test
    void recurseKeysAndSeparator() {
        http.put("/v1/kv/app/a", "1");
        http.put("/v1/kv/app/b/c", "2");
        http.put("/v1/kv/other", "3");
        JsonNode recurse = json(http.get("/v1/kv/app/?recurse"));
        assertThat(recurse).hasSize(2);
        assertThat(json(http.get("/v1/kv/app/?keys&separator=/")).toString()).isEqualTo("[\"app/a\",\"app/b/\"]");
        assertThat(json(http.get("/v1/kv/?keys")).toString()).isEqualTo("[\"app/a\",\"app/b/c\",\"other\"]");
        assertThat(http.get("/v1/kv/zzz/?keys").statusCode()).isEqualTo(404);
        assertThat(http.get("/v1/kv/zzz/?recurse").statusCode()).isEqualTo(404);
    }

    @Test
    void casAcquireReleaseAndDeleteArePassedThrough() {
        assertThat(http.put("/v1/kv/k?cas=0", "v").body()).isEqualTo("true");
        assertThat(((KvWrite) http.fake.writes.get(0)).cas()).isEqualTo(0L);
        assertThat(http.put("/v1/kv/k?cas=999", "v").body()).isEqualTo("false");
        http.put("/v1/kv/k?acquire=" + FakeEndpoints.SESSION_ID, "v");
        assertThat(((KvWrite) http.fake.writes.get(2)).acquire()).isEqualTo(FakeEndpoints.SESSION_ID);
        assertThat(http.send("DELETE", "/v1/kv/k", null).body()).isEqualTo("true");
        assertThat(http.send("DELETE", "/v1/kv/?recurse", null).statusCode()).isEqualTo(200);
        assertThat(http.fake.calls).contains("kv.delete k", "kv.delete  recurse");
    }

    @Test
    void emptyKeyIsMissingKeyName() {
        assertThat(http.get("/v1/kv/").body()).isEqualTo("Missing key name");
        assertThat(http.put("/v1/kv/", "x").statusCode()).isEqualTo(400);
        assertThat(http.send("DELETE", "/v1/kv/", null).body()).isEqualTo("Missing key name");
        assertThat(http.fake.calls).isEmpty();
    }

    @Test
    void valueOverTheLimitIs413WithConsulsText() {
        HttpResponse<String> put = http.put("/v1/kv/big", "x".repeat(1025));
        assertThat(put.statusCode()).isEqualTo(413);
        assertThat(put.body()).isEqualTo("Request body(1025 bytes) too large, max size: 1024 bytes. See "
                + "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
        assertThat(http.fake.calls).isEmpty();
        assertThat(http.put("/v1/kv/fits", "x".repeat(1024)).statusCode()).isEqualTo(200);
    }

    @Test
    void chunkedValueOverTheLimitIs413Too() {
        var chunked = java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream("y".repeat(5000).getBytes()));
        HttpResponse<String> put = http.send(http.request("/v1/kv/big").PUT(chunked).build());
        assertThat(put.statusCode()).isEqualTo(413);
        assertThat(put.body()).startsWith("Request body(");
        assertThat(http.fake.calls).isEmpty();
    }

    @Test
    void txnSuccessHasResultsAndNullErrors() {
        http.fake.nextTxn = new TxnResponse(List.of(new KvEntry("a", 5, 5, 0, 0, "x".getBytes(), null)), List.of(), 5);
        HttpResponse<String> response = http.put("/v1/txn",
                "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"a\",\"Value\":\"eA==\",\"Flags\":3}},"
                        + "{\"Node\":{\"Verb\":\"get\",\"Node\":{\"Node\":\"node1\"}}}]");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("Errors").isNull()).isTrue();
        assertThat(body.get("Results").get(0).get("KV").get("Value").asText()).isEqualTo("eA==");
        @SuppressWarnings("unchecked")
        List<TxnOp> ops = (List<TxnOp>) http.fake.writes.get(0);
        TxnOp.Kv kv = (TxnOp.Kv) ops.get(0);
        assertThat(new String(kv.value())).isEqualTo("x");
        assertThat(kv.flags()).isEqualTo(3);
        assertThat(((TxnOp.NodeOp) ops.get(1)).node().node()).isEqualTo("node1");
    }

    @Test
    void txnFailureIs409WithErrors() {
        http.fake.nextTxn = new TxnResponse(List.of(), List.of(new TxnResponse.TxnError(0, "failed to lock key \"a\"")), 0);
        HttpResponse<String> response = http.put("/v1/txn", "[{\"KV\":{\"Verb\":\"lock\",\"Key\":\"a\"}}]");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("{\"Results\":null,\"Errors\":[{\"OpIndex\":0,\"What\":\"failed to lock key \\\"a\\\"\"}]}");
    }

    @Test
    void txnWithTooManyOperationsIs413() {
        StringBuilder ops = new StringBuilder("[");
        for (int i = 0; i < 129; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"KV\":{\"Verb\":\"get\",\"Key\":\"k\"}}");
        }
        HttpHarness big = new HttpHarness(new io.muster.http.routes.ApiSettings(1024, 1 << 20, "dc1"), null);
        try {
            HttpResponse<String> response = big.put("/v1/txn", ops.append("]").toString());
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("Transaction contains too many operations (129 > 128)");
            assertThat(big.fake.calls).isEmpty();
        } finally {
            big.close();
        }
    }

    /** Every KV verb of Consul's txn API reaches the kernel with the fields that verb uses. */
    @ParameterizedTest
    @ValueSource(strings = {"set", "cas", "lock", "unlock", "get", "get-tree", "check-index", "check-session",
            "check-not-exists", "delete", "delete-tree", "delete-cas"})
    void everyKvTxnVerbIsDecodedWithItsFields(String verb) {
        http.fake.nextTxn = new TxnResponse(List.of(), List.of(), 9);
        HttpResponse<String> response = http.put("/v1/txn", "[{\"KV\":{\"Verb\":\"" + verb
                + "\",\"Key\":\"k/1\",\"Value\":\"eA==\",\"Flags\":7,\"Index\":42,\"Session\":\"s-1\"}}]");
        assertThat(response.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        TxnOp.Kv kv = (TxnOp.Kv) ((List<TxnOp>) http.fake.writes.get(0)).get(0);
        assertThat(kv.verb()).isEqualTo(verb);
        assertThat(kv.key()).isEqualTo("k/1");
        assertThat(new String(kv.value())).isEqualTo("x");
        assertThat(kv.flags()).isEqualTo(7);
        assertThat(kv.index()).isEqualTo(42);
        assertThat(kv.session()).isEqualTo("s-1");
    }

    /** Node, Service and Check verbs (set, cas, get, delete, delete-cas) keep their verb and their CAS index. */
    @ParameterizedTest
    @ValueSource(strings = {"set", "cas", "get", "delete", "delete-cas"})
    void everyCatalogTxnVerbIsDecodedWithItsTarget(String verb) {
        http.fake.nextTxn = new TxnResponse(List.of(), List.of(), 9);
        HttpResponse<String> response = http.put("/v1/txn", "["
                + "{\"Node\":{\"Verb\":\"" + verb + "\",\"Node\":{\"Node\":\"n1\",\"Address\":\"10.0.0.1\",\"ModifyIndex\":5}}},"
                + "{\"Service\":{\"Verb\":\"" + verb + "\",\"Node\":\"n1\",\"Service\":{\"ID\":\"web1\",\"Service\":\"web\",\"ModifyIndex\":6}}},"
                + "{\"Check\":{\"Verb\":\"" + verb + "\",\"Check\":{\"Node\":\"n1\",\"CheckID\":\"c1\",\"ModifyIndex\":7}}}]");
        assertThat(response.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<TxnOp> ops = (List<TxnOp>) http.fake.writes.get(0);
        TxnOp.NodeOp node = (TxnOp.NodeOp) ops.get(0);
        TxnOp.ServiceOp service = (TxnOp.ServiceOp) ops.get(1);
        TxnOp.CheckOp check = (TxnOp.CheckOp) ops.get(2);
        assertThat(List.of(node.verb(), service.verb(), check.verb())).containsOnly(verb);
        assertThat(node.node().node()).isEqualTo("n1");
        assertThat(node.node().modifyIndex()).isEqualTo(5);
        assertThat(service.node()).isEqualTo("n1");
        assertThat(service.service().id()).isEqualTo("web1");
        assertThat(service.service().modifyIndex()).isEqualTo(6);
        assertThat(check.check().checkId()).isEqualTo("c1");
        assertThat(check.check().modifyIndex()).isEqualTo(7);
    }
}
