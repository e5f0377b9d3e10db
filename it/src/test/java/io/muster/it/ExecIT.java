package io.muster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Remote exec across a gossip cluster of real agents: A (server) runs jobs (disable_remote_exec = false), B (client,
 * joined to A) keeps the default and ignores the _rexec event. The CLI prints what A ran and exits as Consul's.
 */
class ExecIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "127.0.0.151";
    private static final String B = "127.0.0.152";
    private static final String HTTP_A = "-http-addr=" + A + ":8500";

    @TempDir
    static Path work;
    static AgentProcess agentA;
    static AgentProcess agentB;

    @BeforeAll
    static void startCluster() throws Exception {
        agentA = start("exec-a", A, List.of("-server", "-bootstrap", "-hcl", "disable_remote_exec = false"));
        agentA.awaitReady();
        agentB = start("exec-b", B, List.of("-join", A));
        // B's HTTP API comes up a moment after its process starts: connection refusals are retried.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() ->
                        assertThat(aliveMembers(agentA)).contains("exec-a", "exec-b"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() ->
                        assertThat(aliveMembers(agentB)).contains("exec-a", "exec-b"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (agentB != null) {
            agentB.close();
        }
        if (agentA != null) {
            agentA.close();
        }
    }

    private static AgentProcess start(String node, String address, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-node", node, "-bind", address, "-client", address,
                "-data-dir", work.resolve(node + "-data").toString(), "-log-level", "debug"));
        args.addAll(extra);
        return AgentProcess.launch(AgentProcess.dist(), work.resolve(node), address, 8500, args);
    }

    private static List<String> aliveMembers(AgentProcess agent) throws IOException {
        List<String> alive = new ArrayList<>();
        for (JsonNode m : JSON.readTree(agent.get("/v1/agent/members").body())) {
            if (m.path("Status").asInt() == 1) {
                alive.add(m.path("Name").asText());
            }
        }
        return alive;
    }

    private record CliResult(int exit, String out, String err) {
    }

    private static CliResult muster(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(AgentProcess.dist().resolve("bin/muster").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "exec", ".out");
        Path err = Files.createTempFile(work, "exec", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("CONSUL_HTTP_ADDR");
        pb.environment().remove("MUSTER_HTTP_ADDR");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("muster " + String.join(" ", args) + " finishes").isTrue();
        return new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theEnabledNodeRunsTheCommandAndTheDefaultNodeDoesNot() throws Exception {
        Path ran = work.resolve("ran.log");
        CliResult r = muster("exec", HTTP_A, "-wait=1s", "uname; echo $(uname) >> " + ran);

        assertThat(r.exit()).as(r.toString()).isZero();
        String system = new String(new ProcessBuilder("uname").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip();
        assertThat(r.out()).as(r.toString()).contains("    exec-a: " + system + "\n",
                "==> exec-a: finished with exit code 0\n").endsWith("1 / 1 node(s) completed / acknowledged\n");
        assertThat(r.out()).doesNotContain("exec-b");
        // Only A wrote the marker: B received the event and ignored it.
        assertThat(Files.readAllLines(ran)).containsExactly(system);
        await().atMost(Duration.ofSeconds(10)).until(() -> agentB.output()
                .contains("ignoring remote exec event _rexec"));
        // The CLI cleaned up after itself.
        assertThat(agentA.get("/v1/kv/_rexec?recurse").statusCode()).isEqualTo(404);
    }

    @Test
    void aFailingCommandMakesTheCliExit2() throws Exception {
        CliResult r = muster("exec", HTTP_A, "-wait=1s", "echo failing >&2; exit 3");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("    exec-a: failing\n", "==> exec-a: finished with exit code 3\n")
                .endsWith("1 / 1 node(s) completed / acknowledged\n");
    }

    @Test
    void aNodeFilterMatchingOnlyTheDisabledNodeGetsNoAcknowledgement() throws Exception {
        CliResult r = muster("exec", "-http-addr=" + B + ":8500", "-node=exec-b", "-wait=1s", "uname");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("0 / 0 node(s) completed / acknowledged\n");
    }
}
