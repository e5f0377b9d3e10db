package io.muster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * More of the real {@code bin/muster} against one dev agent: operator autopilot, monitor as a long-running
 * process, lock as a semaphore, the server-read, token, address and TLS options, each compared with Consul's CLI.
 */
class CliMoreIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADDRESS = "127.0.0.131";
    private static final String HTTP_ADDR = "-http-addr=" + ADDRESS + ":8500";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    static Path work;
    static AgentProcess agent;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.dev(work, ADDRESS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** A CLI process still running; its output goes to files the test reads at any time. */
    record Running(Process process, Path out, Path err) {
        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        Result await() throws Exception {
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                kill();
                throw new AssertionError("muster did not exit within " + RUN_TIMEOUT + ":\n" + stdout());
            }
            return new Result(process.exitValue(), stdout(), Files.readString(err, StandardCharsets.UTF_8));
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    static Running launch(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(AgentProcess.dist().resolve("bin/muster").toString());
        command.addAll(List.of(args));
        int n = RUNS.incrementAndGet();
        Path out = work.resolve("cli-" + n + ".out");
        Path err = work.resolve("cli-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        for (String name : List.of("CONSUL_HTTP_ADDR", "MUSTER_HTTP_ADDR", "CONSUL_HTTP_TOKEN", "CONSUL_HTTP_SSL",
                "CONSUL_CACERT", "CONSUL_CLIENT_CERT", "CONSUL_CLIENT_KEY", "CONSUL_TLS_SERVER_NAME")) {
            pb.environment().remove(name);
        }
        pb.environment().putAll(env);
        return new Running(pb.start(), out, err);
    }

    static Result muster(String... args) throws Exception {
        return launch(Map.of(), args).await();
    }

    static Result musterWithEnv(Map<String, String> env, String... args) throws Exception {
        return launch(env, args).await();
    }

    static Result ok(Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result;
    }

    @Test
    void autopilotGetConfigSetConfigAndStateAsConsulPrintsThem() throws Exception {
        String before = ok(muster("operator", "autopilot", "get-config", HTTP_ADDR)).out();
        // Consul's operator autopilot get-config: eight "Key = value" lines, tags quoted with %q.
        assertThat(before.lines().toList()).hasSize(8);
        assertThat(before).matches("CleanupDeadServers = true\n"
                + "LastContactThreshold = \\d+(ms|s)\n"
                + "MaxTrailingLogs = \\d+\n"
                + "MinQuorum = \\d+\n"
                + "ServerStabilizationTime = \\d+(ms|s)\n"
                + "RedundancyZoneTag = \"\"\n"
                + "DisableUpgradeMigration = false\n"
                + "UpgradeVersionTag = \"\"\n");
        try {
            Result set = ok(muster("operator", "autopilot", "set-config", HTTP_ADDR, "-cleanup-dead-servers=false"));
            assertThat(set.out()).isEqualTo("Configuration updated!\n");
            String after = ok(muster("operator", "autopilot", "get-config", HTTP_ADDR)).out();
            assertThat(after).isEqualTo(before.replace("CleanupDeadServers = true", "CleanupDeadServers = false"));
        } finally {
            ok(muster("operator", "autopilot", "set-config", HTTP_ADDR, "-cleanup-dead-servers=true"));
        }

        String state = ok(muster("operator", "autopilot", "state", HTTP_ADDR)).out();
        JsonNode self = JSON.readTree(agent.get("/v1/agent/self").body());
        String nodeName = self.path("Config").path("NodeName").asText();
        assertThat(state).startsWith("Healthy:                      true\n"
                + "Failure Tolerance:            0\n"
                + "Optimistic Failure Tolerance: 0\n"
                + "Leader:                       ")
                .contains("\nVoters:\n   ", "\nServers:\n   ", "      Name:            " + nodeName + "\n",
                        "      Status:          leader\n", "      Healthy:         true\n");
        Result json = ok(muster("operator", "autopilot", "state", HTTP_ADDR, "-format=json"));
        assertThat(JSON.readTree(json.out()).path("Healthy").asBoolean()).isTrue();
        assertThat(json.out()).startsWith("{\n    \"");
    }

    @Test
    void monitorStreamsTheLogLineAnApiCallCausesUntilItIsDestroyed() throws Exception {
        Running monitor = launch(Map.of(), "monitor", HTTP_ADDR, "-log-level=debug");
        try {
            // The monitor is attached once the agent logs to it; keep firing until our event's line shows up.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                HttpResponse<String> fired = agent.put("/v1/event/fire/_rexec",
                        "{\"Prefix\":\"_rexec\",\"Session\":\"monitor-probe\"}");
                String id = JSON.readTree(fired.body()).path("ID").asText();
                return monitor.stdout().contains("ignoring remote exec event _rexec (ID: " + id + ")");
            });
            assertThat(monitor.process().isAlive()).as("monitor keeps streaming").isTrue();
        } finally {
            monitor.kill();
        }
        assertThat(monitor.process().isAlive()).isFalse();
    }

    @Test
    void lockWithLimitTwoIsASemaphoreAndTheThirdHolderWaits() throws Exception {
        Running a = launch(Map.of(), "lock", HTTP_ADDR, "-n=2", "cli-more/sem", holder("A"));
        Running b = launch(Map.of(), "lock", HTTP_ADDR, "-n=2", "cli-more/sem", holder("B"));
        Running c = null;
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> holding(a, "A") && holding(b, "B"));
            c = launch(Map.of(), "lock", HTTP_ADDR, "-n=2", "-verbose", "cli-more/sem", holder("C"));
            Running third = c;
            await().atMost(Duration.ofSeconds(20)).until(() -> third.stdout().contains("Attempting lock acquisition"));
            // Two slots, both held: C does not start while A and B run.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !started("C"));

            Files.createFile(work.resolve("release-A"));
            assertThat(ok(a.await()).out()).isEmpty();
            await().atMost(Duration.ofSeconds(20)).until(() -> started("C"));
            assertThat(b.process().isAlive()).as("B still holds its slot").isTrue();

            Files.createFile(work.resolve("release-B"));
            Files.createFile(work.resolve("release-C"));
            ok(b.await());
            assertThat(ok(c.await()).out()).contains("Attempting lock acquisition", "Starting handler",
                    "Child terminated, releasing lock", "Cleanup succeeded");
        } finally {
            a.kill();
            b.kill();
            if (c != null) {
                c.kill();
            }
        }
    }

    /** Whether the holder's child started; a lock process that exited instead fails the test with its output. */
    private static boolean holding(Running lock, String name) throws Exception {
        if (!started(name) && !lock.process().isAlive()) {
            throw new AssertionError("lock " + name + " exited before its child started:\n" + lock.await());
        }
        return started(name);
    }

    private static boolean started(String name) {
        return Files.exists(work.resolve("started-" + name));
    }

    /** A child that marks its start and holds its slot until the test creates its release file. */
    private static String holder(String name) {
        return "touch " + work.resolve("started-" + name) + "; while [ ! -f " + work.resolve("release-" + name)
                + " ]; do sleep 0.05; done";
    }

    @Test
    void kvGetTakesStaleAndDatacenter() throws Exception {
        ok(muster("kv", "put", HTTP_ADDR, "cli-more/k", "v1"));

        assertThat(ok(muster("kv", "get", HTTP_ADDR, "-stale", "cli-more/k")).out()).isEqualTo("v1\n");
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "-datacenter=dc1", "cli-more/k")).out()).isEqualTo("v1\n");
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "-stale", "-datacenter=dc1", "cli-more/k")).out())
                .isEqualTo("v1\n");
    }

    @Test
    void aTokenIsAcceptedFromTheFlagAndFromConsulHttpToken() throws Exception {
        ok(muster("kv", "put", HTTP_ADDR, "cli-more/t", "token-ok"));

        assertThat(ok(muster("kv", "get", HTTP_ADDR, "-token=cli-more-token", "cli-more/t")).out())
                .isEqualTo("token-ok\n");
        assertThat(ok(musterWithEnv(Map.of("CONSUL_HTTP_TOKEN", "cli-more-token"), "kv", "get", HTTP_ADDR,
                "cli-more/t")).out()).isEqualTo("token-ok\n");
    }

    @Test
    void theAddressComesFromMusterHttpAddrBeforeConsulHttpAddr() throws Exception {
        ok(muster("kv", "put", HTTP_ADDR, "cli-more/addr", "here"));

        assertThat(ok(musterWithEnv(Map.of("MUSTER_HTTP_ADDR", ADDRESS + ":8500"), "kv", "get", "cli-more/addr"))
                .out()).isEqualTo("here\n");
        assertThat(ok(musterWithEnv(Map.of("CONSUL_HTTP_ADDR", "http://" + ADDRESS + ":8500"), "kv", "get",
                "cli-more/addr")).out()).isEqualTo("here\n");
        // MUSTER_HTTP_ADDR wins over CONSUL_HTTP_ADDR.
        assertThat(ok(musterWithEnv(Map.of("MUSTER_HTTP_ADDR", ADDRESS + ":8500", "CONSUL_HTTP_ADDR", "127.0.0.1:1"),
                "kv", "get", "cli-more/addr")).out()).isEqualTo("here\n");
        Result nowhere = musterWithEnv(Map.of("CONSUL_HTTP_ADDR", "127.0.0.1:1"), "kv", "get", "cli-more/addr");
        assertThat(nowhere.exit()).isEqualTo(1);
        assertThat(nowhere.err()).contains("Error connecting to agent at", "127.0.0.1:1", "connection refused");
    }

    @Test
    void tlsFlagsAreAcceptedAndHttpsAgainstAPlainAgentFailsWithATlsError() throws Exception {
        Path cert = work.resolve("tls-cert.pem");
        Path key = work.resolve("tls-key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-subj", "/CN=localhost", "-days", "1")
                .redirectErrorStream(true).redirectOutput(work.resolve("openssl.log").toFile()).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0)
                .as(Files.exists(work.resolve("openssl.log")) ? Files.readString(work.resolve("openssl.log")) : "")
                .isTrue();
        ok(muster("kv", "put", HTTP_ADDR, "cli-more/tls", "plain"));
        String[] tlsFlags = {"-ca-file=" + cert, "-client-cert=" + cert, "-client-key=" + key,
            "-tls-server-name=localhost"};

        List<String> plain = new ArrayList<>(List.of("kv", "get", HTTP_ADDR));
        plain.addAll(List.of(tlsFlags));
        plain.add("cli-more/tls");
        assertThat(ok(muster(plain.toArray(String[]::new))).out()).isEqualTo("plain\n");

        List<String> https = new ArrayList<>(List.of("kv", "get", "-http-addr=https://" + ADDRESS + ":8500"));
        https.addAll(List.of(tlsFlags));
        https.add("cli-more/tls");
        Result r = muster(https.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("Error connecting to agent at https://" + ADDRESS + ":8500",
                "TLS handshake failed");
        assertThat(r.out()).isEmpty();
    }
}
