package io.muster.it;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.coordinate.model.Datacenter;
import com.ecwid.consul.v1.event.model.Event;
import com.ecwid.consul.v1.event.model.EventParams;
import com.ecwid.consul.v1.query.model.QueryExecution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events, coordinates, prepared queries, operator, config entries and snapshots against a real dev agent, with
 * consul-api where it has the call and raw HTTP (and the muster CLI for snapshots) otherwise.
 */
class ApiExtrasIT {
    private static final String ADDRESS = "127.0.0.61";
    private static final String NODE = "node-127-0-0-61";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static AgentProcess agent;
    private static ConsulClient consul;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.dev(work, ADDRESS);
        consul = new ConsulClient(ADDRESS, 8500);
        // The agent's own node reaches the catalog through anti-entropy.
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.get("/v1/catalog/node/" + NODE).body().contains(NODE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return agent.send(HttpRequest.newBuilder(agent.uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void eventsFireAndListWithConsulApiIncludingABlockingList() {
        EventParams params = new EventParams();
        params.setNode("node-.*");
        Response<Event> fired = consul.eventFire("deploy", "v42", params, QueryParams.DEFAULT);
        assertThat(fired.getValue().getId()).hasSize(36);
        assertThat(fired.getValue().getName()).isEqualTo("deploy");

        // Gossip delivers the event to this agent asynchronously.
        String id = fired.getValue().getId();
        await().atMost(Duration.ofSeconds(10)).until(() -> consul.eventList("deploy", QueryParams.DEFAULT).getValue()
                .stream().anyMatch(e -> e.getId().equals(id)));
        Response<List<Event>> listed = consul.eventList("", QueryParams.DEFAULT);
        Event event = listed.getValue().stream().filter(e -> e.getId().equals(id)).findFirst().orElseThrow();
        assertThat(new String(Base64.getDecoder().decode(event.getPayload()), StandardCharsets.UTF_8)).isEqualTo("v42");
        assertThat(event.getlTime()).isPositive();

        // A blocking list at the current index returns once the next event arrives.
        long index = listed.getConsulIndex();
        CompletableFuture<Response<List<Event>>> parked = CompletableFuture.supplyAsync(() ->
                consul.eventList("", new QueryParams(30, index)));
        params.setNode("no-such-node");
        consul.eventFire("ignored-here", "", params, QueryParams.DEFAULT);
        consul.eventFire("second", "", new EventParams(), QueryParams.DEFAULT);
        Response<List<Event>> woken = parked.orTimeout(20, TimeUnit.SECONDS).join();
        assertThat(woken.getConsulIndex()).isNotEqualTo(index);
        await().atMost(Duration.ofSeconds(10)).until(() -> consul.eventList("", QueryParams.DEFAULT).getValue()
                .stream().anyMatch(e -> e.getName().equals("second")));
        assertThat(consul.eventList("", QueryParams.DEFAULT).getValue()).extracting(Event::getName)
                .doesNotContain("ignored-here");
    }

    @Test
    void coordinatesUpdateAndReadBack() throws Exception {
        String coord = "{\"Node\":\"" + NODE + "\",\"Segment\":\"\",\"Coord\":{\"Vec\":[0.001,0,0,0,0,0,0,0],"
                + "\"Error\":1.5,\"Adjustment\":0,\"Height\":0.00001}}";
        assertThat(send("PUT", "/v1/coordinate/update", coord).statusCode()).isEqualTo(200);
        List<com.ecwid.consul.v1.coordinate.model.Node> nodes = consul.getNodes(QueryParams.DEFAULT).getValue();
        assertThat(nodes).extracting(com.ecwid.consul.v1.coordinate.model.Node::getNode).containsExactly(NODE);
        assertThat(nodes.get(0).getCoord().getVec()).hasSize(8);
        List<Datacenter> dcs = consul.getDatacenters().getValue();
        assertThat(dcs).extracting(Datacenter::getDatacenter).containsExactly("dc1");
        assertThat(json(agent.get("/v1/coordinate/node/" + NODE))).hasSize(1);
        assertThat(agent.get("/v1/coordinate/node/ghost").statusCode()).isEqualTo(404);
    }

    @Test
    void preparedQueryExecutesThroughConsulApi() throws Exception {
        assertThat(agent.put("/v1/agent/service/register",
                "{\"ID\":\"cache1\",\"Name\":\"cache\",\"Tags\":[\"primary\"],\"Port\":6379}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> json(agent.get("/v1/catalog/service/cache")).size() == 1);
        JsonNode created = json(send("POST", "/v1/query", "{\"Name\":\"cache-q\",\"Service\":{\"Service\":\"cache\","
                + "\"Tags\":[\"primary\"],\"OnlyPassing\":true},\"DNS\":{\"TTL\":\"10s\"}}"));
        String id = created.get("ID").asText();
        QueryExecution byName = consul.executePreparedQuery("cache-q", QueryParams.DEFAULT).getValue();
        assertThat(byName.getService()).isEqualTo("cache");
        assertThat(byName.getDatacenter()).isEqualTo("dc1");
        assertThat(byName.getNodes()).hasSize(1);
        assertThat(byName.getNodes().get(0).getService().getPort()).isEqualTo(6379);
        assertThat(consul.executePreparedQuery(id, QueryParams.DEFAULT).getValue().getNodes()).hasSize(1);
        assertThat(json(agent.get("/v1/query/" + id)).get(0).get("DNS").get("TTL").asText()).isEqualTo("10s");
        HttpResponse<String> missing = agent.get("/v1/query/nope/execute");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("Query not found");
        assertThat(send("DELETE", "/v1/query/" + id, null).statusCode()).isEqualTo(200);
    }

    @Test
    void operatorEndpoints() throws Exception {
        JsonNode raft = json(agent.get("/v1/operator/raft/configuration"));
        assertThat(raft.get("Servers")).hasSize(1);
        assertThat(raft.get("Servers").get(0).get("Leader").asBoolean()).isTrue();
        assertThat(raft.get("Servers").get(0).get("Node").asText()).isEqualTo(NODE);
        HttpResponse<String> remove = send("DELETE", "/v1/operator/raft/peer?address=10.9.9.9:8300", null);
        assertThat(remove.statusCode()).isEqualTo(500);
        assertThat(remove.body()).isEqualTo("address \"10.9.9.9:8300\" was not found in the Raft configuration");

        JsonNode config = json(agent.get("/v1/operator/autopilot/configuration"));
        assertThat(config.get("CleanupDeadServers").asBoolean()).isTrue();
        String changed = "{\"CleanupDeadServers\":false,\"LastContactThreshold\":\"500ms\",\"MaxTrailingLogs\":300,"
                + "\"ServerStabilizationTime\":\"20s\"}";
        assertThat(send("PUT", "/v1/operator/autopilot/configuration?cas=" + config.get("ModifyIndex").asLong(),
                changed).body()).isEqualTo("true");
        JsonNode stored = json(agent.get("/v1/operator/autopilot/configuration"));
        assertThat(stored.get("LastContactThreshold").asText()).isEqualTo("500ms");
        assertThat(send("PUT", "/v1/operator/autopilot/configuration?cas=1", changed).body()).isEqualTo("false");

        await().atMost(Duration.ofSeconds(20)).until(() -> agent.get("/v1/operator/autopilot/health").statusCode() == 200);
        JsonNode health = json(agent.get("/v1/operator/autopilot/health"));
        assertThat(health.get("Healthy").asBoolean()).isTrue();
        assertThat(health.get("Servers").get(0).get("SerfStatus").asText()).isEqualTo("alive");
        assertThat(json(agent.get("/v1/operator/autopilot/state")).get("Voters")).hasSize(1);
        // The dev agent runs without gossip encryption: the keyring answers an error, never a hang.
        HttpResponse<String> keyring = agent.get("/v1/operator/keyring");
        assertThat(keyring.statusCode()).as(keyring.body()).isIn(200, 500);
    }

    @Test
    void configEntriesRoundTrip() throws Exception {
        assertThat(send("PUT", "/v1/config", "{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"http\"}")
                .body()).isEqualTo("true");
        JsonNode entry = json(agent.get("/v1/config/service-defaults/web"));
        assertThat(entry.get("Protocol").asText()).isEqualTo("http");
        assertThat(json(agent.get("/v1/config/service-defaults"))).hasSize(1);
        assertThat(send("DELETE", "/v1/config/service-defaults/web", null).statusCode()).isEqualTo(200);
        HttpResponse<String> gone = agent.get("/v1/config/service-defaults/web");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).isEqualTo("Config entry not found for \"service-defaults\" / \"web\"");
    }

    @Test
    void snapshotSaveInspectRestoreWithTheCli() throws Exception {
        assertThat(agent.put("/v1/kv/snap/key", "before").statusCode()).isEqualTo(200);
        Path file = work.resolve("backup.snap");
        String saved = cli("snapshot", "save", "-http-addr=" + ADDRESS + ":8500", file.toString());
        assertThat(saved).contains("Saved and verified snapshot to index");
        assertThat(Files.size(file)).isPositive();
        assertThat(cli("snapshot", "inspect", file.toString())).contains("ID", "Index", "Term", "Version");

        assertThat(agent.put("/v1/kv/snap/key", "after").statusCode()).isEqualTo(200);
        assertThat(agent.put("/v1/kv/snap/extra", "x").statusCode()).isEqualTo(200);
        assertThat(cli("snapshot", "restore", "-http-addr=" + ADDRESS + ":8500", file.toString()))
                .contains("Restored snapshot");
        assertThat(agent.get("/v1/kv/snap/key?raw").body()).isEqualTo("before");
        assertThat(agent.get("/v1/kv/snap/extra").statusCode()).isEqualTo(404);
        // Writes after the restore still work and move the index forward.
        assertThat(agent.put("/v1/kv/snap/extra", "y").statusCode()).isEqualTo(200);
        assertThat(agent.get("/v1/kv/snap/extra?raw").body()).isEqualTo("y");

        HttpResponse<String> bad = send("PUT", "/v1/snapshot", "not a snapshot");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("failed to read snapshot file: ");
    }

    private static String cli(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(AgentProcess.dist().resolve("bin/muster").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
