package io.muster.it;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.catalog.model.CatalogDeregistration;
import com.ecwid.consul.v1.catalog.model.CatalogRegistration;
import com.ecwid.consul.v1.catalog.model.CatalogService;
import com.ecwid.consul.v1.kv.model.GetValue;
import com.ecwid.consul.v1.kv.model.PutParams;
import com.ecwid.consul.v1.session.model.NewSession;
import com.ecwid.consul.v1.session.model.Session;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every HTTP API endpoint group through a real dev agent: consul-api where it has the call, the JDK's HttpClient
 * where it has not (headers, codes, texts, gzip, redirects, hash blocking, metrics, bad input).
 */
class HttpApiIT {
    private static final String ADDRESS = "127.0.0.121";
    private static final String NODE = "node-127-0-0-121";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path work;
    private static AgentProcess agent;
    private static ConsulClient consul;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.dev(work, ADDRESS);
        consul = new ConsulClient(ADDRESS, 8500);
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.get("/v1/catalog/node/" + NODE).body().contains(NODE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String body) throws IOException {
        return agent.send(HttpRequest.newBuilder(agent.uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(String path) {
        return RAW.sendAsync(HttpRequest.newBuilder(agent.uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void kvPutGetRecurseKeysCasLocksAndDeletes() throws Exception {
        assertThat(consul.setKVValue("it/kv/a", "1").getValue()).isTrue();
        assertThat(consul.setKVValue("it/kv/b/c", "2").getValue()).isTrue();
        assertThat(consul.setKVValue("it/kv/b/d", "3").getValue()).isTrue();
        Response<GetValue> a = consul.getKVValue("it/kv/a");
        assertThat(a.getValue().getDecodedValue()).isEqualTo("1");
        assertThat(a.getConsulIndex()).isPositive();
        assertThat(consul.getKVValues("it/kv/").getValue()).extracting(GetValue::getKey)
                .containsExactly("it/kv/a", "it/kv/b/c", "it/kv/b/d");
        assertThat(consul.getKVKeysOnly("it/kv/", "/", null).getValue()).containsExactly("it/kv/a", "it/kv/b/");

        PutParams staleCas = new PutParams();
        staleCas.setCas(a.getValue().getModifyIndex() - 1);
        assertThat(consul.setKVValue("it/kv/a", "x", staleCas).getValue()).isFalse();
        PutParams cas = new PutParams();
        cas.setCas(a.getValue().getModifyIndex());
        assertThat(consul.setKVValue("it/kv/a", "x", cas).getValue()).isTrue();

        HttpResponse<String> raw = agent.get("/v1/kv/it/kv/a?raw");
        assertThat(raw.body()).isEqualTo("x");
        assertThat(raw.headers().firstValue("X-Consul-Index")).isPresent();
        HttpResponse<String> emptyKey = send("PUT", "/v1/kv/", "v");
        assertThat(emptyKey.statusCode()).isEqualTo(400);
        assertThat(emptyKey.body()).isEqualTo("Missing key name");

        String session = consul.sessionCreate(new NewSession(), QueryParams.DEFAULT).getValue();
        PutParams acquire = new PutParams();
        acquire.setAcquireSession(session);
        assertThat(consul.setKVValue("it/kv/lock", "me", acquire).getValue()).isTrue();
        assertThat(consul.getKVValue("it/kv/lock").getValue().getSession()).isEqualTo(session);
        PutParams release = new PutParams();
        release.setReleaseSession(session);
        assertThat(consul.setKVValue("it/kv/lock", "me", release).getValue()).isTrue();
        assertThat(consul.getKVValue("it/kv/lock").getValue().getSession()).isNull();
        consul.sessionDestroy(session, QueryParams.DEFAULT);

        consul.deleteKVValues("it/kv/");
        assertThat(consul.getKVValues("it/kv/").getValue()).isNull();
        assertThat(agent.get("/v1/kv/it/kv/a").statusCode()).isEqualTo(404);
    }

    @Test
    void catalogRegisterQueryAndDeregister() throws Exception {
        CatalogRegistration reg = new CatalogRegistration();
        reg.setNode("ext-1");
        reg.setAddress("10.9.0.1");
        reg.setTaggedAddresses(Map.of("wan", "198.18.0.1"));
        reg.setNodeMeta(Map.of("rack", "r1"));
        CatalogRegistration.Service service = new CatalogRegistration.Service();
        service.setId("db-1");
        service.setService("db");
        service.setTags(List.of("primary"));
        service.setPort(5432);
        reg.setService(service);
        consul.catalogRegister(reg);

        assertThat(consul.getCatalogNodes(QueryParams.DEFAULT).getValue())
                .anySatisfy(n -> {
                    assertThat(n.getNode()).isEqualTo("ext-1");
                    assertThat(n.getTaggedAddresses()).containsEntry("wan", "198.18.0.1");
                    assertThat(n.getMeta()).containsEntry("rack", "r1");
                });
        assertThat(consul.getCatalogServices(QueryParams.DEFAULT).getValue()).containsEntry("db", List.of("primary"));
        assertThat(consul.getCatalogService("db", "primary", QueryParams.DEFAULT).getValue())
                .extracting(CatalogService::getServicePort).containsExactly(5432);
        assertThat(consul.getCatalogService("db", "replica", QueryParams.DEFAULT).getValue()).isEmpty();
        assertThat(consul.getCatalogNode("ext-1", QueryParams.DEFAULT).getValue().getServices()).containsKey("db-1");
        HttpResponse<String> nodes = agent.get("/v1/catalog/nodes");
        assertThat(nodes.headers().firstValue("X-Consul-KnownLeader")).contains("true");
        assertThat(nodes.headers().firstValue("X-Consul-LastContact")).contains("0");
        assertThat(nodes.headers().firstValue("X-Consul-Effective-Consistency")).contains("leader");
        assertThat(agent.get("/v1/catalog/nodes?stale").headers().firstValue("X-Consul-Effective-Consistency"))
                .contains("stale");

        CatalogDeregistration dereg = new CatalogDeregistration();
        dereg.setNode("ext-1");
        consul.catalogDeregister(dereg);
        assertThat(consul.getCatalogNode("ext-1", QueryParams.DEFAULT).getValue()).isNull();
        assertThat(consul.getCatalogServices(QueryParams.DEFAULT).getValue()).doesNotContainKey("db");
    }

    @Test
    void agentServicesChecksHealthCodesAndMaintenance() throws Exception {
        HttpResponse<String> registered = send("PUT", "/v1/agent/service/register", "{\"name\":\"api\",\"id\":\"api-1\","
                + "\"port\":9000,\"checks\":[{\"ttl\":\"30s\",\"status\":\"passing\"}]}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(consul.getAgentServices().getValue()).containsKey("api-1");
        assertThat(consul.getAgentChecks().getValue()).containsKey("service:api-1");

        HttpResponse<String> healthy = agent.get("/v1/agent/health/service/name/api");
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(json(healthy).get(0).get("AggregatedStatus").asText()).isEqualTo("passing");
        consul.agentCheckFail("service:api-1", "down");
        assertThat(agent.get("/v1/agent/health/service/name/api?format=text").statusCode()).isEqualTo(503);
        assertThat(agent.get("/v1/agent/health/service/name/api?format=text").body()).isEqualTo("critical");
        assertThat(agent.get("/v1/agent/health/service/id/none?format=text").statusCode()).isEqualTo(404);
        consul.agentCheckPass("service:api-1");

        consul.agentServiceSetMaintenance("api-1", true, "upgrade");
        assertThat(consul.getAgentChecks().getValue()).containsKey("_service_maintenance:api-1");
        consul.agentServiceSetMaintenance("api-1", false);
        consul.agentSetMaintenance(true, "node work");
        assertThat(consul.getAgentChecks().getValue()).containsKey("_node_maintenance");
        consul.agentSetMaintenance(false);
        assertThat(consul.getAgentChecks().getValue()).doesNotContainKey("_node_maintenance");

        // The service reaches the catalog and its health through anti-entropy.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                consul.getHealthServices("api", true, QueryParams.DEFAULT).getValue().size() == 1);
        assertThat(consul.getHealthChecksForNode(NODE, QueryParams.DEFAULT).getValue())
                .anySatisfy(c -> assertThat(c.getCheckId()).isEqualTo("service:api-1"));
        assertThat(json(agent.get("/v1/health/state/any")).findValuesAsText("CheckID")).contains("serfHealth");

        assertThat(consul.getAgentSelf().getValue().getConfig().getDatacenter()).isEqualTo("dc1");
        JsonNode self = json(agent.get("/v1/agent/self"));
        assertThat(self.get("Config").get("Datacenter").asText()).isEqualTo("dc1");
        assertThat(self.get("Config").get("NodeName").asText()).isEqualTo(NODE);
        assertThat(self.get("Member").get("Addr").asText()).isEqualTo(ADDRESS);
        assertThat(consul.getStatusLeader().getValue()).startsWith(ADDRESS + ":");
        assertThat(consul.getStatusPeers().getValue()).hasSize(1);
        consul.agentServiceDeregister("api-1");
    }

    @Test
    void agentServiceHashBlockingWakesOnChangeAndMetricsCountCalls() throws Exception {
        send("PUT", "/v1/agent/service/register", "{\"Name\":\"hashy\",\"ID\":\"hashy-1\",\"Port\":1}");
        HttpResponse<String> first = agent.get("/v1/agent/service/hashy-1");
        String hash = first.headers().firstValue("X-Consul-ContentHash").orElseThrow();
        assertThat(json(first).get("ContentHash").asText()).isEqualTo(hash);

        CompletableFuture<HttpResponse<String>> parked = sendAsync("/v1/agent/service/hashy-1?hash=" + hash + "&wait=20s");
        HttpResponse<String> unchanged = agent.get("/v1/agent/service/hashy-1?hash=" + hash + "&wait=200ms");
        assertThat(unchanged.headers().firstValue("X-Consul-ContentHash")).contains(hash);
        assertThat(parked).isNotDone();
        send("PUT", "/v1/agent/service/register", "{\"Name\":\"hashy\",\"ID\":\"hashy-1\",\"Port\":2}");
        HttpResponse<String> woken = parked.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(json(woken).get("Port").asInt()).isEqualTo(2);
        assertThat(woken.headers().firstValue("X-Consul-ContentHash").orElseThrow()).isNotEqualTo(hash);
        consul.agentServiceDeregister("hashy-1");

        String prometheus = agent.get("/v1/agent/metrics?format=prometheus").body();
        assertThat(prometheus).contains("# TYPE consul_api_http summary")
                .contains("consul_api_http_count{method=\"GET\",path=\"v1_agent_service_\"}")
                .contains("# TYPE consul_runtime_alloc_bytes gauge");
        JsonNode metrics = json(agent.get("/v1/agent/metrics"));
        assertThat(metrics.get("Gauges").findValuesAsText("Name")).contains("consul.runtime.num_goroutines");
    }

    @Test
    void sessionLifecycleAndInvalidationReleasesALockAndWakesABlockingReader() throws Exception {
        NewSession ttl = new NewSession();
        ttl.setName("it-ttl");
        ttl.setTtl("30s");
        String id = consul.sessionCreate(ttl, QueryParams.DEFAULT).getValue();
        Session info = consul.getSessionInfo(id, QueryParams.DEFAULT).getValue();
        assertThat(info.getTtl()).isEqualTo("30s");
        assertThat(info.getNode()).isEqualTo(NODE);
        assertThat(consul.renewSession(id, QueryParams.DEFAULT).getValue().getId()).isEqualTo(id);
        assertThat(consul.getSessionList(QueryParams.DEFAULT).getValue()).extracting(Session::getId).contains(id);
        assertThat(consul.getSessionNode(NODE, QueryParams.DEFAULT).getValue()).extracting(Session::getId).contains(id);

        PutParams acquire = new PutParams();
        acquire.setAcquireSession(id);
        assertThat(consul.setKVValue("it/session/lock", "held", acquire).getValue()).isTrue();
        Response<GetValue> held = consul.getKVValue("it/session/lock");
        long index = held.getConsulIndex();
        CompletableFuture<HttpResponse<String>> reader = sendAsync("/v1/kv/it/session/lock?index=" + index + "&wait=20s");
        assertThat(reader).isNotDone();

        consul.sessionDestroy(id, QueryParams.DEFAULT);
        HttpResponse<String> woken = reader.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Long.parseLong(woken.headers().firstValue("X-Consul-Index").orElseThrow())).isGreaterThan(index);
        assertThat(woken.statusCode()).isEqualTo(200);
        assertThat(consul.getKVValue("it/session/lock").getValue().getSession()).as("the lock is released").isNull();
        assertThat(consul.getSessionInfo(id, QueryParams.DEFAULT).getValue()).isNull();
        consul.deleteKVValues("it/session/");
    }

    @Test
    void txnSucceedsOrFailsWith409AndAppliesNothing() throws Exception {
        HttpResponse<String> ok = send("PUT", "/v1/txn", "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"it/txn/a\",\"Value\":\"eA==\"}},"
                + "{\"KV\":{\"Verb\":\"get\",\"Key\":\"it/txn/a\"}}]");
        JsonNode body = json(ok);
        assertThat(body.get("Errors").isNull()).isTrue();
        assertThat(body.get("Results")).hasSize(2);

        HttpResponse<String> failed = send("PUT", "/v1/txn", "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"it/txn/b\",\"Value\":\"eQ==\"}},"
                + "{\"KV\":{\"Verb\":\"cas\",\"Key\":\"it/txn/a\",\"Value\":\"eQ==\",\"Index\":1}}]");
        assertThat(failed.statusCode()).isEqualTo(409);
        JsonNode errors = JSON.readTree(failed.body()).get("Errors");
        assertThat(errors.get(0).get("OpIndex").asInt()).isEqualTo(1);
        assertThat(agent.get("/v1/kv/it/txn/b").statusCode()).as("nothing of a failed txn is applied").isEqualTo(404);
        assertThat(agent.get("/v1/kv/it/txn/a?raw").body()).isEqualTo("x");
        consul.deleteKVValues("it/txn/");
    }

    @Test
    void otherGroupsAnswerThroughTheRealAgent() throws Exception {
        assertThat(json(agent.get("/v1/coordinate/datacenters")).get(0).get("Datacenter").asText()).isEqualTo("dc1");
        assertThat(json(agent.get("/v1/operator/raft/configuration")).get("Servers").get(0).get("Leader").asBoolean())
                .isTrue();
        assertThat(send("PUT", "/v1/config", "{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"http\"}")
                .statusCode()).isEqualTo(200);
        assertThat(json(agent.get("/v1/config/service-defaults/web")).get("Protocol").asText()).isEqualTo("http");
        String query = json(send("POST", "/v1/query", "{\"Name\":\"q-web\",\"Service\":{\"Service\":\"web\"}}"))
                .get("ID").asText();
        assertThat(json(agent.get("/v1/query/" + query + "/execute")).get("Service").asText()).isEqualTo("web");
        String event = json(send("PUT", "/v1/event/fire/it-ev", "payload")).get("ID").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.get("/v1/event/list?name=it-ev").body().contains(event));
        HttpResponse<byte[]> snapshot = RAW.send(HttpRequest.newBuilder(agent.uri("/v1/snapshot")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(snapshot.statusCode()).isEqualTo(200);
        assertThat(snapshot.body().length).isPositive();
        assertThat(snapshot.headers().firstValue("X-Consul-Index")).isPresent();
    }

    @Test
    void prettyGzipRedirectsAndErrorTexts() throws Exception {
        assertThat(agent.get("/v1/agent/self?pretty").body()).contains("\n    ");
        HttpResponse<byte[]> gz = RAW.send(HttpRequest.newBuilder(agent.uri("/v1/catalog/nodes"))
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains(NODE);
        }
        HttpResponse<String> redirect = agent.get("/v1/kv?recurse");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).contains("/v1/kv/?recurse");
        HttpResponse<String> missing = agent.get("/v1/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("404 page not found\n");
        HttpResponse<String> wrongMethod = send("POST", "/v1/kv/x", "v");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("method POST not allowed");
    }

    @Test
    void badInputIsRefusedWithConsulsTextsAndLeavesTheStoreUnchanged() throws Exception {
        consul.setKVValue("it/bad/keep", "v");
        String kvBefore = agent.get("/v1/kv/?recurse").body();
        String servicesBefore = agent.get("/v1/catalog/services").body();
        String big = "x".repeat(600 * 1024);
        Object[][] table = {
                {"PUT", "/v1/catalog/register", "{\"Node\":", 400, "Request decode failed:"},
                {"PUT", "/v1/catalog/register", "{\"Node\":5,\"Address\":\"1.2.3.4\"}", 400,
                        "Request decode failed: json: cannot unmarshal number into Go struct field RegisterRequest.Node of type string"},
                {"PUT", "/v1/agent/service/register", "{\"Name\":\"bad\",", 400, "Request decode failed:"},
                {"PUT", "/v1/agent/service/register", "[\"bad\"]", 400, "Request decode failed:"},
                {"PUT", "/v1/kv/it/bad/big", big, 413, "Request body(614400 bytes) too large, max size: 524288 bytes."},
                {"GET", "/v1/kv/it/bad/keep?wait=10x", null, 400, "Invalid wait time"},
                {"GET", "/v1/kv/it/bad/keep?index=x1", null, 400, "Invalid index"},
                {"PUT", "/v1/session/create", "{\"TTL\":\"ten\"}", 400, "Request decode failed: time: invalid duration \"ten\""},
                {"PUT", "/v1/txn", "{\"KV\":{}}", 400,
                        "Failed to parse body: json: cannot unmarshal object into Go value of type api.TxnOps"},
                {"PUT", "/v1/kv/it/bad/keep?cas=1&acquire=s", "v", 400, "Conflicting flags: cas, acquire, release cannot be combined"},
        };
        for (Object[] row : table) {
            HttpResponse<String> r = send((String) row[0], (String) row[1], (String) row[2]);
            assertThat(r.statusCode()).as(row[0] + " " + row[1] + ": " + r.body()).isEqualTo(row[3]);
            assertThat(r.body()).as(row[0] + " " + row[1]).startsWith((String) row[4]);
        }
        assertThat(agent.get("/v1/kv/?recurse").body()).isEqualTo(kvBefore);
        assertThat(agent.get("/v1/catalog/services").body()).isEqualTo(servicesBefore);
        consul.deleteKVValues("it/bad/");
    }
}
