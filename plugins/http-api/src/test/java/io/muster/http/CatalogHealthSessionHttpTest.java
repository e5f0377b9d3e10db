package io.muster.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.SessionRequest;
import io.muster.spi.model.HealthStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static io.muster.http.HttpHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

class CatalogHealthSessionHttpTest {
    private final HttpHarness http = new HttpHarness();

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void catalogServiceRowsAreFlattenedLikeConsul() {
        JsonNode rows = json(http.get("/v1/catalog/service/web?tag=v1"));
        assertThat(http.fake.calls).contains("catalog.service web [v1]");
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.fieldNames()).toIterable().containsExactly("ID", "Node", "Address", "Datacenter",
                "TaggedAddresses", "NodeMeta", "ServiceKind", "ServiceID", "ServiceName", "ServiceTags",
                "ServiceAddress", "ServiceTaggedAddresses", "ServiceWeights", "ServiceMeta", "ServicePort",
                "ServiceSocketPath", "ServiceEnableTagOverride", "ServiceProxy", "ServiceConnect", "CreateIndex",
                "ModifyIndex");
        assertThat(row.get("ServiceTaggedAddresses").get("lan").toString()).isEqualTo("{\"Address\":\"10.1.10.12\",\"Port\":8080}");
        assertThat(row.get("ServiceWeights").toString()).isEqualTo("{\"Passing\":10,\"Warning\":1}");
        assertThat(row.get("TaggedAddresses").get("wan").asText()).isEqualTo("10.1.10.12");
        http.get("/v1/catalog/service/web?tag=v1&tag=primary");
        assertThat(http.fake.calls).contains("catalog.service web [v1, primary]");
    }

    @Test
    void catalogNodesServicesNodeAndDatacenters() {
        JsonNode node = json(http.get("/v1/catalog/nodes")).get(0);
        assertThat(node.fieldNames()).toIterable().containsExactly("ID", "Node", "Address", "Datacenter",
                "TaggedAddresses", "Meta", "CreateIndex", "ModifyIndex");
        assertThat(json(http.get("/v1/catalog/services")).toString())
                .isEqualTo("{\"consul\":[],\"web\":[\"v1\",\"primary\",\"v2\"]}");
        JsonNode nodeServices = json(http.get("/v1/catalog/node/node1"));
        assertThat(nodeServices.get("Services").get("web-1").get("Service").asText()).isEqualTo("web");
        assertThat(http.get("/v1/catalog/node/ghost").body()).isEqualTo("null");
        assertThat(json(http.get("/v1/catalog/node-services/node1")).get("Services")).hasSize(2);
        assertThat(http.get("/v1/catalog/node-services/ghost").statusCode()).isEqualTo(404);
        assertThat(http.get("/v1/catalog/datacenters").body()).isEqualTo("[\"dc1\",\"dc2\"]");
        assertThat(http.get("/v1/catalog/connect/web").body()).isEqualTo("[]");
    }

    @Test
    void catalogRegisterDecodesConsulsBody() {
        HttpResponse<String> response = http.put("/v1/catalog/register", "{\"Datacenter\":\"dc1\",\"Node\":\"ext\","
                + "\"Address\":\"192.168.10.10\",\"NodeMeta\":{\"somekey\":\"v\"},\"TaggedAddresses\":{\"wan\":\"1.2.3.4\"},"
                + "\"Service\":{\"ID\":\"redis1\",\"Service\":\"redis\",\"Tags\":[\"primary\"],\"Port\":8000,"
                + "\"TaggedAddresses\":{\"lan\":{\"address\":\"127.0.0.1\",\"port\":8000}},\"Weights\":{\"Passing\":10,\"Warning\":1}},"
                + "\"Check\":{\"CheckID\":\"service:redis1\",\"Name\":\"Redis health check\",\"Status\":\"passing\","
                + "\"ServiceID\":\"redis1\",\"Definition\":{\"TCP\":\"localhost:8888\",\"Interval\":\"5s\"}},"
                + "\"SkipNodeUpdate\":false}");
        assertThat(response.body()).isEqualTo("true");
        CatalogRegistration r = (CatalogRegistration) http.fake.writes.get(0);
        assertThat(r.node()).isEqualTo("ext");
        assertThat(r.nodeMeta()).containsEntry("somekey", "v");
        assertThat(r.service().id()).isEqualTo("redis1");
        assertThat(r.service().taggedAddresses().get("lan").port()).isEqualTo(8000);
        assertThat(r.service().weights().passing()).isEqualTo(10);
        assertThat(r.checks()).hasSize(1);
        assertThat(r.checks().get(0).node()).isEqualTo("ext");
        assertThat(r.checks().get(0).status()).isEqualTo(HealthStatus.PASSING);
        assertThat(r.checks().get(0).definition()).containsEntry("TCP", "localhost:8888");
    }

    @Test
    void healthServiceRowsPassingAndTags() {
        JsonNode rows = json(http.get("/v1/health/service/web"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).fieldNames()).toIterable().containsExactly("Node", "Service", "Checks");
        JsonNode check = rows.get(0).get("Checks").get(1);
        assertThat(check.get("Status").asText()).isEqualTo("warning");
        assertThat(check.get("Interval").asText()).isEqualTo("10s");
        assertThat(check.get("Definition").get("Interval").asText()).isEqualTo("10s");
        assertThat(json(http.get("/v1/health/service/web?passing"))).hasSize(1);
        assertThat(http.fake.calls).contains("health.service web [] passing=true");
        http.get("/v1/health/service/web?passing=false&tag=v2");
        assertThat(http.fake.calls).contains("health.service web [v2] passing=false");
        assertThat(json(http.get("/v1/health/node/node1"))).hasSize(2);
        assertThat(json(http.get("/v1/health/checks/web"))).hasSize(1);
        assertThat(json(http.get("/v1/health/state/any"))).hasSize(1);
        assertThat(http.get("/v1/health/connect/web").body()).isEqualTo("[]");
    }

    @Test
    void filterOnHealthAndCatalog() {
        assertThat(json(http.get("/v1/health/service/web?filter=" + enc("Service.Meta.env == prod")))).hasSize(1);
        assertThat(json(http.get("/v1/health/service/web?filter=" + enc("Checks.Status contains warning")))).hasSize(1);
        assertThat(json(http.get("/v1/catalog/service/web?filter=" + enc("ServiceMeta.env != prod and ServicePort == 8081"))))
                .hasSize(1);
        assertThat(json(http.get("/v1/catalog/services?filter=" + enc("ServiceName == web"))).size()).isEqualTo(1);
        assertThat(json(http.get("/v1/catalog/nodes?filter=" + enc("Meta.rack == r2")))).isEmpty();
    }

    @Test
    void sessionsCreateInfoRenewDestroy() {
        HttpResponse<String> created = http.put("/v1/session/create",
                "{\"Name\":\"my-lock\",\"TTL\":\"30s\",\"LockDelay\":\"5s\",\"Behavior\":\"delete\",\"NodeChecks\":[\"serfHealth\"]}");
        assertThat(created.body()).isEqualTo("{\"ID\":\"" + FakeEndpoints.SESSION_ID + "\"}");
        SessionRequest request = (SessionRequest) http.fake.writes.get(0);
        assertThat(request.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(request.lockDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(request.behavior()).isEqualTo("delete");
        assertThat(request.nodeChecks()).containsExactly("serfHealth");
        assertThat(http.put("/v1/session/create", null).statusCode()).isEqualTo(200);

        JsonNode info = json(http.get("/v1/session/info/" + FakeEndpoints.SESSION_ID)).get(0);
        assertThat(info.toString()).isEqualTo("{\"ID\":\"" + FakeEndpoints.SESSION_ID + "\",\"Name\":\"test-session\","
                + "\"Node\":\"node1\",\"NodeChecks\":[\"serfHealth\"],\"ServiceChecks\":null,\"LockDelay\":15000000000,"
                + "\"Behavior\":\"release\",\"TTL\":\"30s\",\"CreateIndex\":1086449,\"ModifyIndex\":1086449}");
        assertThat(http.get("/v1/session/info/unknown").body()).isEqualTo("[]");
        assertThat(json(http.put("/v1/session/renew/" + FakeEndpoints.SESSION_ID, null))).hasSize(1);
        HttpResponse<String> renewMissing = http.put("/v1/session/renew/gone", null);
        assertThat(renewMissing.statusCode()).isEqualTo(404);
        assertThat(renewMissing.body()).isEqualTo("Session id 'gone' not found");
        assertThat(http.put("/v1/session/destroy/" + FakeEndpoints.SESSION_ID, null).body()).isEqualTo("true");
        assertThat(json(http.get("/v1/session/list"))).hasSize(1);
        assertThat(json(http.get("/v1/session/node/node1"))).hasSize(1);
    }

    @Test
    void statusLeaderAndPeers() {
        assertThat(http.get("/v1/status/leader").body()).isEqualTo("\"10.1.10.12:8300\"");
        assertThat(http.get("/v1/status/peers").body()).isEqualTo("[\"10.1.10.12:8300\",\"10.1.10.11:8300\"]");
    }

    @Test
    void gzipWhenAskedAndPrettyPrinting() throws Exception {
        HttpResponse<byte[]> zipped = http.client.send(http.request("/v1/catalog/nodes")
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body = new String(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(body).startsWith("[{\"ID\":");
        assertThat(http.get("/v1/status/peers?pretty").body())
                .isEqualTo("[\n    \"10.1.10.12:8300\",\n    \"10.1.10.11:8300\"\n]\n");
    }

    private static String enc(String filter) {
        return java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void unknownListIsEmptyArrayNotNull() {
        assertThat(List.of(http.get("/v1/catalog/service/none").body())).containsExactly("[]");
    }
}
