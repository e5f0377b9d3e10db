package io.muster.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BlockingQueryHttpTest {
    private static final int PARKED = 1000;
    private final HttpHarness http = new HttpHarness();

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void blockingOptionsArePassedToTheEndpoint() {
        http.get("/v1/catalog/nodes?index=3&wait=1m30s&stale&near=_agent&node-meta=rack:r1&node-meta=os:linux&dc=dc2&token=t1");
        var options = http.fake.queryOptions.get(0);
        assertThat(options.minIndex()).isEqualTo(3);
        assertThat(options.maxWait()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.consistency()).isEqualTo(io.muster.spi.api.Consistency.STALE);
        assertThat(options.near()).isEqualTo("_agent");
        assertThat(options.nodeMeta()).containsEntry("rack", "r1").containsEntry("os", "linux");
        assertThat(options.datacenter()).isEqualTo("dc2");
        assertThat(options.token()).isEqualTo("t1");
        http.send(http.request("/v1/catalog/nodes?consistent").header("X-Consul-Token", "t2").GET().build());
        assertThat(http.fake.queryOptions.get(1).token()).isEqualTo("t2");
        assertThat(http.fake.queryOptions.get(1).consistency()).isEqualTo(io.muster.spi.api.Consistency.CONSISTENT);
    }

    @Test
    void parkedBlockingQueriesHoldNoThreadAndAnswerWhenTheIndexMoves() {
        var threads = ManagementFactory.getThreadMXBean();
        // Warm up: the first request starts the server's and the client's lazily created threads.
        http.get("/v1/kv/warm");
        int before = threads.getThreadCount();

        long index = http.fake.index;
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            responses.add(http.client.sendAsync(http.request("/v1/kv/watched?index=" + index + "&wait=5m").GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> http.fake.parked.size() == PARKED);
        int whileParked = threads.getThreadCount();
        assertThat(whileParked - before).as("threads added while %d queries are parked", PARKED).isLessThan(10);
        assertThat(responses).noneMatch(CompletableFuture::isDone);

        http.put("/v1/kv/watched", "new");
        CompletableFuture.allOf(responses.toArray(new CompletableFuture[0])).join();
        for (CompletableFuture<HttpResponse<String>> r : responses) {
            HttpResponse<String> response = r.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Long.parseLong(response.headers().firstValue("X-Consul-Index").orElseThrow())).isGreaterThan(index);
        }
    }
}
