package io.muster.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.ServiceDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.muster.http.HttpHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AgentHttpTest {
    private final HttpHarness http = new HttpHarness();

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void selfMembersVersionHostAndMetrics() {
        JsonNode self = json(http.get("/v1/agent/self"));
        assertThat(self.get("Config").get("NodeName").asText()).isEqualTo("node1");
        assertThat(self.get("Member").get("Addr").asText()).isEqualTo("10.1.10.12");
        JsonNode member = json(http.get("/v1/agent/members?wan")).get(0);
        assertThat(member.fieldNames()).toIterable().containsExactly("Name", "Addr", "Port", "Tags", "Status",
                "ProtocolMin", "ProtocolMax", "ProtocolCur", "DelegateMin", "DelegateMax", "DelegateCur");
        assertThat(member.get("Status").asInt()).isEqualTo(1);
        assertThat(http.fake.calls).contains("agent.members wan=true");
        assertThat(json(http.get("/v1/agent/version")).get("Version").asText()).isEqualTo("1.21.0");
        assertThat(json(http.get("/v1/agent/host")).has("Memory")).isTrue();
        JsonNode metrics = json(http.get("/v1/agent/metrics"));
        assertThat(metrics.fieldNames()).toIterable().containsExactly("Timestamp", "Gauges", "Points", "Counters", "Samples");
        HttpResponse<String> prometheus = http.get("/v1/agent/metrics?format=prometheus");
        assertThat(prometheus.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(prometheus.body()).contains("# TYPE consul_runtime_alloc_bytes gauge");
    }

    @Test
    void servicesAndChecksWithFilter() {
        JsonNode services = json(http.get("/v1/agent/services"));
        assertThat(services.fieldNames()).toIterable().containsExactly("web-1", "web-2");
        assertThat(services.get("web-1").get("Datacenter").asText()).isEqualTo("dc1");
        assertThat(json(http.get("/v1/agent/services?filter=" + "v2%20in%20Tags")).fieldNames()).toIterable()
                .containsExactly("web-2");
        assertThat(json(http.get("/v1/agent/service/web-1")).get("Port").asInt()).isEqualTo(8080);
        assertThat(http.get("/v1/agent/service/nope").statusCode()).isEqualTo(404);
        assertThat(json(http.get("/v1/agent/checks")).get("service:web-1").get("Status").asText()).isEqualTo("warning");
    }

    @Test
    void registerAndDeregister() {
        assertThat(http.put("/v1/agent/service/register?replace-existing-checks", "{\"Name\":\"api\",\"Port\":9000}")
                .statusCode()).isEqualTo(200);
        assertThat(http.fake.calls).contains("agent.registerService api replace=true");
        assertThat(((ServiceDefinition) http.fake.writes.get(0)).port()).isEqualTo(9000);
        HttpResponse<String> badPort = http.put("/v1/agent/service/register", "{\"Name\":\"api\",\"Port\":\"x\"}");
        assertThat(badPort.statusCode()).isEqualTo(400);
        assertThat(badPort.body()).isEqualTo("Request decode failed: Port: expected a number");
        assertThat(http.put("/v1/agent/service/deregister/web-1", null).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = http.put("/v1/agent/service/deregister/ghost", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).startsWith("Unknown service ID \"ghost\"");
        assertThat(http.put("/v1/agent/check/register", "{\"ID\":\"mem\",\"Name\":\"Memory\",\"TTL\":\"15s\"}")
                .statusCode()).isEqualTo(200);
        assertThat(http.put("/v1/agent/check/deregister/ghost", null).statusCode()).isEqualTo(404);
    }

    @Test
    void ttlUpdatesMaintenanceAndLifecycle() {
        http.put("/v1/agent/check/pass/service:web-1?note=ok", null);
        http.put("/v1/agent/check/warn/service:web-1", null);
        http.put("/v1/agent/check/update/service:web-1", "{\"Status\":\"critical\",\"Output\":\"down\"}");
        assertThat(http.fake.calls).contains("agent.updateTtlCheck service:web-1 passing ok",
                "agent.updateTtlCheck service:web-1 warning ", "agent.updateTtlCheck service:web-1 critical down");
        HttpResponse<String> unknown = http.put("/v1/agent/check/fail/ghost", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("Unknown check ID \"ghost\"");
        http.put("/v1/agent/maintenance?enable=true&reason=patching", null);
        http.put("/v1/agent/service/maintenance/web-1?enable=false", null);
        assertThat(http.put("/v1/agent/service/maintenance/ghost?enable=true", null).statusCode()).isEqualTo(404);
        http.put("/v1/agent/join/10.0.0.2?wan=1", null);
        http.put("/v1/agent/force-leave/node9?prune", null);
        http.put("/v1/agent/leave", null);
        http.put("/v1/agent/reload", null);
        assertThat(http.put("/v1/agent/token/default", "{\"Token\":\"abc\"}").statusCode()).isEqualTo(200);
        assertThat(http.fake.calls).contains("agent.enableNodeMaintenance patching",
                "agent.disableServiceMaintenance web-1", "agent.join [10.0.0.2] wan=true",
                "agent.forceLeave node9 prune=true", "agent.leave", "agent.reload");
    }

    @Test
    void localServiceHealthCodes() {
        HttpResponse<String> warning = http.get("/v1/agent/health/service/name/web");
        assertThat(warning.statusCode()).isEqualTo(429);
        assertThat(json(warning).get(0).get("AggregatedStatus").asText()).isEqualTo("warning");
        assertThat(http.get("/v1/agent/health/service/name/web?format=text").body()).isEqualTo("warning");
        assertThat(http.get("/v1/agent/health/service/id/web-2").statusCode()).isEqualTo(200);
        HttpResponse<String> missing = http.get("/v1/agent/health/service/name/ghost?format=text");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("ServiceName ghost Not Found");
        assertThat(http.get("/v1/agent/health/service/id/ghost").statusCode()).isEqualTo(404);
        http.fake.agentChecks.put("service:web-1", new HealthCheck("node1", "service:web-1", "c", HealthStatus.CRITICAL,
                "", "", "web-1", "web", List.of(), "ttl", Map.of(), 1, 1));
        assertThat(http.get("/v1/agent/health/service/id/web-1").statusCode()).isEqualTo(503);
    }

    @Test
    void monitorStreamsLogLinesUntilTheClientLeaves() throws Exception {
        HttpResponse<InputStream> response = http.client.send(http.request("/v1/agent/monitor?loglevel=debug").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(http.fake.calls).contains("logs.subscribe debug");
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        http.fake.log("2025-01-01T00:00:00.000Z [INFO]  agent: first");
        assertThat(reader.readLine()).isEqualTo("2025-01-01T00:00:00.000Z [INFO]  agent: first");
        http.fake.log("second");
        assertThat(reader.readLine()).isEqualTo("second");
        reader.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            http.fake.log("probe");
            return http.fake.logSubscribers.isEmpty();
        });
    }
}
