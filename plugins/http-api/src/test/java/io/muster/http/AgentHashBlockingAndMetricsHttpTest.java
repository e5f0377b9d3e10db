package io.muster.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.spi.model.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.muster.http.HttpHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AgentHashBlockingAndMetricsHttpTest {
    private final HttpHarness http = new HttpHarness();

    @AfterEach
    void stop() {
        http.close();
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return http.client.sendAsync(http.request(path).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void agentServiceCarriesItsContentHashInHeaderAndBody() {
        HttpResponse<String> r = http.get("/v1/agent/service/web-1");
        String hash = r.headers().firstValue("X-Consul-ContentHash").orElseThrow();
        assertThat(json(r).get("ContentHash").asText()).isEqualTo(hash);
        assertThat(http.get("/v1/agent/service/web-1").headers().firstValue("X-Consul-ContentHash")).contains(hash);
        assertThat(json(http.get("/v1/agent/services")).get("web-1").has("ContentHash"))
                .as("the list has no hash, as Consul's").isFalse();
    }

    @Test
    void aHashQueryParksUntilTheServiceChanges() {
        String hash = http.get("/v1/agent/service/web-1").headers().firstValue("X-Consul-ContentHash").orElseThrow();
        CompletableFuture<HttpResponse<String>> parked = getAsync("/v1/agent/service/web-1?hash=" + hash + "&wait=30s");
        await().until(() -> !http.fake.agentWatchers.isEmpty());
        assertThat(parked).isNotDone();

        Service web = FakeEndpoints.WEB;
        http.fake.agentServices.put("web-1", new Service(web.id(), web.service(), web.kind(), web.tags(), web.address(),
                web.taggedAddresses(), web.meta(), 9090, web.weights(), web.enableTagOverride(), 7, 9));
        http.fake.agentStateChanged();

        HttpResponse<String> answer = parked.join();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).get("Port").asInt()).isEqualTo(9090);
        assertThat(answer.headers().firstValue("X-Consul-ContentHash").orElseThrow()).isNotEqualTo(hash);
        assertThat(http.fake.agentWatchers).isEmpty();
    }

    @Test
    void aHashQueryAnswersTheSameContentWhenItsWaitEnds() {
        String hash = http.get("/v1/agent/service/web-1").headers().firstValue("X-Consul-ContentHash").orElseThrow();
        CompletableFuture<HttpResponse<String>> parked = getAsync("/v1/agent/service/web-1?hash=" + hash + "&wait=2s");
        await().until(() -> !http.timer.delays().isEmpty());
        assertThat(http.timer.delays().get(0)).isBetween(java.time.Duration.ofSeconds(2),
                java.time.Duration.ofMillis(2125));
        http.timer.fireAll();
        HttpResponse<String> answer = parked.join();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Consul-ContentHash")).contains(hash);
    }

    @Test
    void hashQueriesOfUnknownServicesAndBadWaitsAnswerAtOnce() {
        HttpResponse<String> unknown = http.get("/v1/agent/service/nope?hash=abc&wait=1m");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("unknown service ID: nope");
        HttpResponse<String> badWait = http.get("/v1/agent/service/web-1?hash=abc&wait=10x");
        assertThat(badWait.statusCode()).isEqualTo(400);
        assertThat(badWait.body()).isEqualTo("Invalid wait time");
        assertThat(http.fake.agentWatchers).isEmpty();
    }

    @Test
    void metricsCountHttpCallsPerRouteInConsulsNames() {
        http.get("/v1/kv/some/key");
        http.put("/v1/kv/some/key", "v");
        http.get("/v1/catalog/nodes");
        // The JSON shows one 10-second interval of the wall clock: the calls may straddle two, so it is only
        // asked for the one metric every call feeds; the cumulative Prometheus text is asked for everything.
        JsonNode json = json(http.get("/v1/agent/metrics"));
        assertThat(names(json.get("Samples"))).contains("consul.api.http");
        assertThat(names(json.get("Gauges"))).contains("consul.runtime.alloc_bytes", "consul.runtime.num_goroutines");

        HttpResponse<String> prometheus = http.get("/v1/agent/metrics?format=prometheus");
        assertThat(prometheus.body()).contains("consul_api_http_count{method=\"PUT\",path=\"v1_kv_\"} 1\n")
                .contains("consul_api_http_count{method=\"GET\",path=\"v1_kv_\"} 1\n")
                .contains("consul_kvs_apply_count 1\n")
                .contains("consul_client_api_catalog_nodes{node=\"\"} 1\n")
                .contains("consul_client_api_success_catalog_nodes{node=\"\"} 1\n");
        for (String line : prometheus.body().split("\n")) {
            assertThat(line).matches(MetricsTest.PROMETHEUS_LINE);
        }
    }

    private static List<String> names(JsonNode rows) {
        return rows.findValuesAsText("Name");
    }

    @Test
    void subtreePathsWithoutTheirSlashRedirectLikeGosServeMux() {
        HttpResponse<String> get = http.get("/v1/kv?recurse&dc=dc1");
        assertThat(get.statusCode()).isEqualTo(301);
        assertThat(get.headers().firstValue("Location")).contains("/v1/kv/?recurse&dc=dc1");
        assertThat(get.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(get.body()).isEqualTo("<a href=\"/v1/kv/?recurse&amp;dc=dc1\">Moved Permanently</a>.\n\n");

        HttpResponse<String> put = http.put("/v1/kv", "x");
        assertThat(put.statusCode()).isEqualTo(301);
        assertThat(put.headers().firstValue("Location")).contains("/v1/kv/");
        assertThat(put.body()).isEmpty();
        assertThat(http.fake.calls).noneMatch(c -> c.startsWith("kv."));

        assertThat(http.get("/v1/agent/service").headers().firstValue("Location")).contains("/v1/agent/service/");
        assertThat(http.get("/v1/agent/self").statusCode()).as("exact routes are untouched").isEqualTo(200);
        assertThat(http.get("/v1/kvx").statusCode()).isEqualTo(404);
    }
}
