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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gossip cluster of real agent processes: one bootstrap server and two clients, each on its own loopback address
 * with Consul's default ports. Covers join, failure detection after kill -9 (member failed, serfHealth critical in
 * the server's catalog), graceful leave, force-leave, gossip encryption and keyring rotation.
 */
class GossipClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ALIVE = 1;
    private static final int LEFT = 3;
    private static final int FAILED = 4;

    @TempDir
    Path work;

    @RegisterExtension
    final Members members = new Members();

    @Test
    void joinFailureDetectionLeaveAndForceLeave() throws Exception {
        AgentProcess s1 = server("s1", "127.0.0.91");
        AgentProcess c2 = client("c2", "127.0.0.92", "127.0.0.91");
        AgentProcess c3 = client("c3", "127.0.0.93", "127.0.0.91");

        awaitStatuses(s1, "s1", ALIVE, "c2", ALIVE, "c3", ALIVE);
        MusterCli.Result members = MusterCli.run("members", "-http-addr=127.0.0.91:8500");
        assertThat(members.exitCode()).as(members.output()).isZero();
        assertThat(members.output().lines().filter(l -> l.contains("alive")).map(l -> l.split("\\s+")[0]))
                .as(members.output()).contains("s1", "c2", "c3");

        HttpResponse<String> registered = s1.put("/v1/catalog/register",
                "{\"Node\":\"c3\",\"Address\":\"127.0.0.93\",\"Service\":{\"Service\":\"x\",\"Port\":1}}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(passingNodes(s1, "x")).containsExactly("c3"));

        // kill -9: no leave message, so only the failure detector can notice.
        long killedAt = System.nanoTime();
        c3.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(status(s1, "c3")).isEqualTo(FAILED));
        long detectedMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        System.out.println("GossipClusterIT: kill -9 c3 -> failed on s1 after " + detectedMillis + " ms");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(passingNodes(s1, "x")).isEmpty());
        assertThat(serfHealth(s1, "c3")).isEqualTo("critical");

        MusterCli.Result leave = MusterCli.run("leave", "-http-addr=127.0.0.92:8500");
        assertThat(leave.exitCode()).as(leave.output()).isZero();
        assertThat(c2.process().waitFor(30, TimeUnit.SECONDS)).as("c2 exits after leave").isTrue();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(status(s1, "c2")).isEqualTo(LEFT));

        MusterCli.Result forceLeave = MusterCli.run("force-leave", "-http-addr=127.0.0.91:8500", "c3");
        assertThat(forceLeave.exitCode()).as(forceLeave.output()).isZero();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(status(s1, "c3")).isEqualTo(LEFT));
        assertThat(status(s1, "s1")).isEqualTo(ALIVE);
    }

    @Test
    void encryptedClusterRejectsAWrongKeyAndRotatesItsKeyring() throws Exception {
        String oldKey = keygen();
        String wrongKey = keygen();
        AgentProcess s1 = server("s1", "127.0.0.94", "-encrypt", oldKey);
        client("c2", "127.0.0.95", "127.0.0.94", "-encrypt", oldKey);
        client("c3", "127.0.0.96", "127.0.0.94", "-encrypt", oldKey);
        awaitStatuses(s1, "s1", ALIVE, "c2", ALIVE, "c3", ALIVE);

        // An agent holding another key cannot decrypt the cluster's messages: -join must fail the start.
        AgentProcess intruder = launch("c4", "127.0.0.97", List.of("-join", "127.0.0.94", "-encrypt", wrongKey));
        assertThat(intruder.process().waitFor(90, TimeUnit.SECONDS)).as("agent with a wrong key exits").isTrue();
        assertThat(intruder.process().exitValue()).as(intruder.output()).isNotZero();
        // The refusal names the joined address and the likely cause, the key.
        assertThat(intruder.output()).as(intruder.output()).contains("failed to join [127.0.0.94]")
                .contains("same gossip encryption key");
        assertThat(memberNames(s1)).doesNotContain("c4");

        String newKey = keygen();
        assertSucceeds(MusterCli.run("keyring", "-http-addr=127.0.0.94:8500", "-install", newKey));
        assertThat(keyringList()).contains("  " + newKey + " [3/3]").contains("  " + oldKey + " [3/3]");
        assertSucceeds(MusterCli.run("keyring", "-http-addr=127.0.0.94:8500", "-use", newKey));
        assertSucceeds(MusterCli.run("keyring", "-http-addr=127.0.0.94:8500", "-remove", oldKey));
        String keys = keyringList();
        assertThat(keys).contains("  " + newKey + " [3/3]").doesNotContain(oldKey);

        // Gossip keeps flowing on the new key: nobody is suspected over several probe rounds.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(statuses(s1)).containsExactlyInAnyOrder("s1=" + ALIVE, "c2=" + ALIVE, "c3=" + ALIVE));
    }

    private String keyringList() throws Exception {
        MusterCli.Result list = MusterCli.run("keyring", "-http-addr=127.0.0.94:8500", "-list");
        assertSucceeds(list);
        return list.output();
    }

    private static void assertSucceeds(MusterCli.Result r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private String keygen() throws Exception {
        MusterCli.Result r = MusterCli.run("keygen");
        assertSucceeds(r);
        String key = r.output().strip();
        assertThat(key).as("keygen prints a base64 32-byte key").matches("[A-Za-z0-9+/]{43}=");
        return key;
    }

    private AgentProcess server(String node, String address, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-server", "-bootstrap"));
        args.addAll(List.of(extra));
        return launch(node, address, args).awaitServing();
    }

    private AgentProcess client(String node, String address, String join, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-join", join));
        args.addAll(List.of(extra));
        return launch(node, address, args).awaitServing();
    }

    private AgentProcess launch(String node, String address, List<String> extra) throws IOException {
        return members.launch(work, node, address, extra);
    }

    private static void awaitStatuses(AgentProcess agent, Object... nameStatus) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < nameStatus.length; i += 2) {
            expected.add(nameStatus[i] + "=" + nameStatus[i + 1]);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(statuses(agent)).containsExactlyInAnyOrderElementsOf(expected));
    }

    private static List<String> statuses(AgentProcess agent) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode m : json(agent.get("/v1/agent/members"))) {
            out.add(m.get("Name").asText() + "=" + m.get("Status").asInt());
        }
        return out;
    }

    private static List<String> memberNames(AgentProcess agent) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode m : json(agent.get("/v1/agent/members"))) {
            out.add(m.get("Name").asText());
        }
        return out;
    }

    private static int status(AgentProcess agent, String node) throws Exception {
        for (JsonNode m : json(agent.get("/v1/agent/members"))) {
            if (m.get("Name").asText().equals(node)) {
                return m.get("Status").asInt();
            }
        }
        throw new AssertionError(node + " is not a member on " + agent.address());
    }

    private static List<String> passingNodes(AgentProcess agent, String service) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode e : json(agent.get("/v1/health/service/" + service + "?passing"))) {
            out.add(e.get("Node").get("Node").asText());
        }
        return out;
    }

    private static String serfHealth(AgentProcess agent, String node) throws Exception {
        for (JsonNode c : json(agent.get("/v1/health/node/" + node))) {
            if (c.get("CheckID").asText().equals("serfHealth")) {
                return c.get("Status").asText();
            }
        }
        throw new AssertionError("no serfHealth check for " + node + " on " + agent.address());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

}
