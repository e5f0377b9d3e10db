package io.muster.cli.exec;

import io.muster.cli.core.Json;
import io.muster.cli.testkit.CliRunner;
import io.muster.cli.testkit.FakeAgent;
import io.muster.cli.testkit.FakeKvStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExecCommandTest {
    private FakeAgent agent;
    private FakeKvStore kv;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent();
        kv = new FakeKvStore().mount(agent);
        cli = CliRunner.against(agent);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    /** Plays the agents: on the _rexec event, each node writes what Consul's agent writes, holding the session. */
    private void nodesAnswer(String... nodeOutputExit) {
        agent.on("PUT /v1/event/fire/_rexec", request -> {
            String session = Json.string(Json.object(Json.parse(request.body())).get("Session"));
            for (int i = 0; i < nodeOutputExit.length; i += 3) {
                String base = "_rexec/" + session + "/" + nodeOutputExit[i] + "/";
                write(base + "ack", "", session);
                write(base + "out/00000", nodeOutputExit[i + 1], session);
                write(base + "exit", nodeOutputExit[i + 2], session);
            }
            return FakeAgent.Answer.json("{\"ID\":\"5a3b6d52-0000-4000-8000-00000000000e\"}");
        });
    }

    private void write(String key, String value, String session) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://" + agent.address() + "/v1/kv/" + key + "?acquire="
                + session).openConnection();
        c.setRequestMethod("PUT");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(value.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("true");
    }

    @Test
    void printsEachNodesOutputAndExitCodeAsConsul() {
        nodesAnswer("node-a", "Linux\n", "0");

        CliRunner.Result result = cli.run("exec", "-wait=300ms", "-wait-repl=0s", "-node=node-a", "uname", "-s");

        assertThat(result.err()).isEmpty();
        // Consul splits the chunk on newlines, so its final newline prints as an empty "node:" line.
        assertThat(result.out()).isEqualTo("    node-a: Linux\n"
                + "    node-a:\n"
                + "==> node-a: finished with exit code 0\n"
                + "1 / 1 node(s) completed / acknowledged\n");
        assertThat(result.code()).isZero();
        FakeAgent.Request fire = agent.last("PUT", "/v1/event/fire/_rexec");
        assertThat(fire.query()).isEqualTo("node=node-a");
        Map<String, Object> payload = Json.object(Json.parse(fire.body()));
        assertThat(payload.get("Prefix")).isEqualTo("_rexec");
        String session = Json.string(payload.get("Session"));
        FakeAgent.Request job = agent.last("PUT", "/v1/kv/_rexec/" + session + "/job");
        assertThat(job.query()).isEqualTo("acquire=" + session);
        assertThat(Json.object(Json.parse(job.body()))).containsEntry("Command", "uname -s")
                .containsEntry("Wait", 300_000_000L);
        assertThat(agent.requests()).anyMatch(r -> r.line().startsWith("PUT /v1/session/destroy/" + session));
        assertThat(agent.last("DELETE", "/v1/kv/_rexec/" + session).query()).isEqualTo("recurse=");
        assertThat(kv.contains("_rexec/" + session + "/job")).isFalse();
    }

    @Test
    void aNonZeroExitMakesTheStatus2() {
        nodesAnswer("node-a", "ok\n", "0", "node-b", "boom\nsecond line\n", "3");

        CliRunner.Result result = cli.run("exec", "-wait=300ms", "-wait-repl=0s", "false");

        assertThat(result.out()).contains("    node-b: boom\n    node-b: second line\n    node-b:\n")
                .contains("==> node-b: finished with exit code 3\n")
                .endsWith("2 / 2 node(s) completed / acknowledged\n");
        assertThat(result.code()).isEqualTo(2);
    }

    @Test
    void noNodeAcknowledgingReportsZeroNodes() {
        agent.on("PUT /v1/event/fire/_rexec", "{\"ID\":\"5a3b6d52-0000-4000-8000-00000000000f\"}");

        CliRunner.Result result = cli.run("exec", "-wait=200ms", "-wait-repl=0s", "uptime");

        assertThat(result.out()).isEqualTo("0 / 0 node(s) completed / acknowledged\n");
        assertThat(result.code()).isZero();
    }

    @Test
    void verboseReportsSessionAcksAndTiming() {
        nodesAnswer("node-a", "x\n", "0");

        CliRunner.Result result = cli.run("exec", "-verbose", "-wait=300ms", "-wait-repl=0s", "true");

        assertThat(result.out()).startsWith("Created remote execution session: ")
                .contains("Uploaded remote execution spec\n", "Fired remote execution event: ",
                        "==> node-a: acknowledged\n")
                .containsPattern("Completed in \\d+\\.\\d\\d seconds\n$");
    }

    @Test
    void aScriptFromStdinIsUploadedBase64() {
        nodesAnswer();

        CliRunner.Result result = cli.stdin("echo hi\n").run("exec", "-wait=200ms", "-wait-repl=0s", "-");

        assertThat(result.code()).isZero();
        String body = agent.requests().stream().filter(r -> r.path().endsWith("/job")).findFirst().orElseThrow().body();
        assertThat(Json.object(Json.parse(body))).containsEntry("Script", "ZWNobyBoaQo=").doesNotContainKey("Command");
    }

    @Test
    void filtersAreValidatedBeforeAnythingIsSent() {
        CliRunner.Result result = cli.run("exec", "-tag=web", "uptime");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("Cannot provide tag filter without service filter.");

        assertThat(cli.run("exec", "-node=(", "uptime").err()).contains("Failed to compile node filter regexp");
        assertThat(cli.run("exec").err()).startsWith("Must specify a command to execute\n");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void unreachableAgentIsAnError() {
        CliRunner.Result result = CliRunner.against(agent).env("CONSUL_HTTP_ADDR", "127.0.0.1:1").run("exec", "true");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("Error querying Consul agent: Error connecting to agent at");
    }

    @Test
    void consulsTargetedOutputFormat() {
        assertThat(ExecReport.output("n1", "a\nb")).isEqualTo("    n1: a\n    n1: b");
        assertThat(ExecReport.output("n1", "a\n")).isEqualTo("    n1: a\n    n1:");
        assertThat(ExecReport.info("n1", "acknowledged")).isEqualTo("==> n1: acknowledged");
        assertThat(ExecReport.of("n1/out/0000a", "")).isEqualTo(new ExecReport(ExecReport.Kind.HEARTBEAT, "n1", "", 0));
        assertThat(ExecReport.of("job", "{}")).isNull();
        assertThat(ExecReport.of("n1/exit", "7").code()).isEqualTo(7);
    }
}
