package io.muster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Network coordinates end to end: a bootstrap server and two clients gossip on loopback, every direct probe's ack
 * moves the prober's Vivaldi coordinate, each agent syncs its coordinate through the coordinate endpoint every
 * second or so ({@code sync_coordinate_interval_min = "1s"}), and the results show in {@code /v1/coordinate/nodes},
 * {@code ?near=_agent} and {@code muster rtt}. The clients' updates are forwarded to the server (rpc plugin), so
 * the server's catalog holds all three coordinates.
 */
class CoordinatesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAST_SYNC = "sync_coordinate_interval_min = \"1s\"";

    @TempDir
    Path work;

    @RegisterExtension
    final Members members = new Members();

    @Test
    void coordinatesReachTheCatalogAndDriveNearSortingAndRtt() throws Exception {
        AgentProcess s1 = launch("coord-s1", "127.0.0.141", List.of("-server", "-bootstrap"));
        AgentProcess c2 = launch("coord-c2", "127.0.0.142", List.of("-join", "127.0.0.141"));
        AgentProcess c3 = launch("coord-c3", "127.0.0.143", List.of("-join", "127.0.0.141"));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(json(s1.get("/v1/catalog/nodes"))).extracting(n -> n.get("Node").asText())
                        .containsExactlyInAnyOrder("coord-s1", "coord-c2", "coord-c3"));
        for (AgentProcess agent : List.of(s1, c2, c3)) {
            String self = json(agent.get("/v1/agent/self")).get("Config").get("NodeName").asText();
            // probes move the coordinate off the origin, and the next sync stores it in the server's catalog
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode own = null;
                for (JsonNode n : json(s1.get("/v1/coordinate/nodes"))) {
                    if (n.get("Node").asText().equals(self)) {
                        own = n;
                    }
                }
                assertThat(own).as("coordinate of " + self + " on " + agent.address()).isNotNull();
                assertThat(own.get("Segment").asText()).isEmpty();
                JsonNode vec = own.get("Coord").get("Vec");
                assertThat(vec).hasSize(8);
                double magnitude = 0;
                for (JsonNode v : vec) {
                    magnitude += Math.abs(v.asDouble());
                }
                assertThat(magnitude).as("distance of " + self + " from the origin").isPositive();
                assertThat(own.get("Coord").get("Error").asDouble()).isLessThan(1.5);
            });
        }

        // Sorted by estimated RTT from the near node, as Consul does. A node is not always nearest to itself: its
        // distance to itself is twice its height (serf's DistanceTo), which another node may undercut.
        assertSortedByDistance(s1, "/v1/catalog/nodes?near=_agent", "coord-s1");
        // a client forwards the read and names itself as the near node
        assertSortedByDistance(c2, "/v1/catalog/nodes?near=_agent", "coord-c2");
        assertSortedByDistance(s1, "/v1/catalog/nodes?near=coord-c3", "coord-c3");

        MusterCli.Result between = MusterCli.run("rtt", "-http-addr=127.0.0.142:8500", "coord-c2", "coord-c3");
        assertThat(between.exitCode()).as(between.output()).isZero();
        assertThat(between.output().strip()).as(between.output())
                .matches("Estimated coord-c2 <-> coord-c3 rtt: \\d+\\.\\d{3} ms \\(using LAN coordinates\\)");
        System.out.println("CoordinatesIT: " + between.output().strip());

        MusterCli.Result rtt = MusterCli.run("rtt", "-http-addr=127.0.0.141:8500", "coord-s1", "coord-s1");
        assertThat(rtt.exitCode()).as(rtt.output()).isZero();
        assertThat(rtt.output().strip()).as(rtt.output())
                .matches("Estimated coord-s1 <-> coord-s1 rtt: \\d+\\.\\d{3} ms \\(using LAN coordinates\\)");
        System.out.println("CoordinatesIT: " + rtt.output().strip());
        MusterCli.Result unknown = MusterCli.run("rtt", "-http-addr=127.0.0.141:8500", "coord-s1", "nope");
        assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(1);
    }

    /** The nodes {@code path} returns are in ascending estimated RTT from {@code from} (coordinates read around it). */
    private static void assertSortedByDistance(AgentProcess agent, String path, String from) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Map<String, JsonNode> before = coordinates(agent);
            JsonNode sorted = json(agent.get(path));
            assertThat(coordinates(agent)).as("coordinates unchanged while sorting").isEqualTo(before);
            assertThat(sorted).hasSize(3);
            List<Double> distances = new ArrayList<>();
            for (JsonNode n : sorted) {
                distances.add(rtt(before.get(from), before.get(n.get("Node").asText())));
            }
            assertThat(distances).as(path + " from " + from + ": " + sorted).isSorted();
        });
    }

    private static Map<String, JsonNode> coordinates(AgentProcess agent) throws Exception {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        for (JsonNode n : json(agent.get("/v1/coordinate/nodes"))) {
            out.put(n.get("Node").asText(), n.get("Coord"));
        }
        return out;
    }

    /** serf's DistanceTo: Euclidean distance plus both heights, plus both adjustments when that stays positive. */
    private static double rtt(JsonNode a, JsonNode b) {
        double sum = 0;
        for (int i = 0; i < a.get("Vec").size(); i++) {
            double d = a.get("Vec").get(i).asDouble() - b.get("Vec").get(i).asDouble();
            sum += d * d;
        }
        double rtt = Math.sqrt(sum) + a.get("Height").asDouble() + b.get("Height").asDouble();
        double adjusted = rtt + a.get("Adjustment").asDouble() + b.get("Adjustment").asDouble();
        return adjusted > 0 ? adjusted : rtt;
    }

    private AgentProcess launch(String node, String address, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-hcl", FAST_SYNC));
        args.addAll(extra);
        return members.launch(work, node, address, args).awaitServing();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

}
