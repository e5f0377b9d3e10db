package io.muster.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real {@code bin/muster} CLI, one process per command, against one dev agent: exit codes and output as
 * Consul's CLI gives them.
 */
class CliIT {
    private static final String ADDRESS = "127.0.0.81";
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

    /** A finished CLI run. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** A CLI process still running, its output going to files the test can read at any time. */
    record Running(Process process, Path out, Path err) {
        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        Result await() throws Exception {
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("muster did not exit within " + RUN_TIMEOUT + ":\n" + stdout() + "\n"
                        + stderr());
            }
            return new Result(process.exitValue(), stdout(), stderr());
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

    static Running launch(String stdin, String... args) throws IOException {
        return launch(stdin, Map.of(), args);
    }

    static Running launch(String stdin, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(AgentProcess.dist().resolve("bin/muster").toString());
        command.addAll(List.of(args));
        int n = RUNS.incrementAndGet();
        Path out = work.resolve("cli-" + n + ".out");
        Path err = work.resolve("cli-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("CONSUL_HTTP_ADDR");
        pb.environment().remove("MUSTER_HTTP_ADDR");
        pb.environment().remove("CONSUL_HTTP_TOKEN");
        pb.environment().putAll(env);
        Process process = pb.start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Running(process, out, err);
    }

    static Result muster(String... args) throws Exception {
        return launch(null, args).await();
    }

    static Result musterWithStdin(String stdin, String... args) throws Exception {
        return launch(stdin, args).await();
    }

    static Result ok(Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result;
    }

    @Test
    void versionPrintsMusterAndConsulVersionsAndThePluginsOfTheAgent() throws Exception {
        Result r = ok(muster("version", HTTP_ADDR));
        assertThat(r.out()).startsWith("Muster v0.1.0\n").contains("Consul-compatible API v",
                "Protocol 2 spoken by default", "Plugins loaded by the agent at", "http-api");
        assertThat(ok(muster("-v")).out()).startsWith("Muster v0.1.0\n");
    }

    @Test
    void membersPrintsConsulsColumnsAndExits2WhenTheStatusFilterMatchesNothing() throws Exception {
        Result r = ok(muster("members", HTTP_ADDR));
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("Node", "Address", "Status", "Type", "Build",
                "Protocol", "DC", "Partition", "Segment");
        assertThat(lines).hasSize(2);
        // Build is the Consul version the agent speaks for (its build tag is "1.x.y:muster-0.1.0").
        assertThat(lines.get(1)).matches("node-127-0-0-81 +127\\.0\\.0\\.81:8301 +alive +server "
                + "+\\d+\\.\\d+\\.\\d+ +2 +dc1 +default +<all>");

        Result none = muster("members", HTTP_ADDR, "-status=nomatch");
        assertThat(none.exit()).as(none.toString()).isEqualTo(2);
        assertThat(none.out()).isEmpty();

        Result detailed = ok(muster("members", HTTP_ADDR, "-detailed"));
        assertThat(detailed.out().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("Node", "Address", "Status", "Tags");
        assertThat(detailed.out()).contains("role=consul");
    }

    @Test
    void kvPutGetDeleteRoundTrip() throws Exception {
        assertThat(ok(muster("kv", "put", HTTP_ADDR, "cli/round/a", "hello world")).out())
                .isEqualTo("Success! Data written to: cli/round/a\n");
        ok(muster("kv", "put", HTTP_ADDR, "cli/round/b", "two"));
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "cli/round/a")).out()).isEqualTo("hello world\n");
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "-recurse", "cli/round/")).out())
                .isEqualTo("cli/round/a:hello world\ncli/round/b:two\n");
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "-keys", "cli/round/")).out())
                .isEqualTo("cli/round/a\ncli/round/b\n");
        Result detailed = ok(muster("kv", "get", HTTP_ADDR, "-detailed", "cli/round/a"));
        assertThat(detailed.out()).containsPattern("(?m)^CreateIndex {6}\\d+$")
                .containsPattern("(?m)^Flags {12}0$").containsPattern("(?m)^Key {14}cli/round/a$")
                .containsPattern("(?m)^Session {10}-$").containsPattern("(?m)^Value {12}hello world$");

        assertThat(ok(muster("kv", "delete", HTTP_ADDR, "cli/round/a")).out())
                .isEqualTo("Success! Deleted key: cli/round/a\n");
        Result missing = muster("kv", "get", HTTP_ADDR, "cli/round/a");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err()).contains("Error! No key exists at: cli/round/a");
        assertThat(ok(muster("kv", "delete", HTTP_ADDR, "-recurse", "cli/round/")).out())
                .isEqualTo("Success! Deleted keys with prefix: cli/round/\n");
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "-recurse", "cli/round/")).out()).isEmpty();
    }

    @Test
    void kvPutReadsTheValueFromAFileOrStdin() throws Exception {
        Path file = work.resolve("license.lic");
        Files.writeString(file, "line one\nline two\n");
        ok(muster("kv", "put", HTTP_ADDR, "cli/file", "@" + file));
        assertThat(agent.get("/v1/kv/cli/file?raw").body()).isEqualTo("line one\nline two\n");

        ok(musterWithStdin("abcd1234\n", "kv", "put", HTTP_ADDR, "cli/stdin", "-"));
        assertThat(agent.get("/v1/kv/cli/stdin?raw").body()).isEqualTo("abcd1234\n");
    }

    @Test
    void kvPutCasWritesOnlyAtTheCurrentModifyIndex() throws Exception {
        ok(muster("kv", "put", HTTP_ADDR, "cli/cas", "v1"));
        long index = modifyIndex(ok(muster("kv", "get", HTTP_ADDR, "-detailed", "cli/cas")).out());

        Result stale = muster("kv", "put", HTTP_ADDR, "-cas", "-modify-index=" + (index - 1), "cli/cas", "lost");
        assertThat(stale.exit()).as(stale.toString()).isEqualTo(1);
        assertThat(stale.err()).contains("Error! Did not write to cli/cas: CAS failed");

        assertThat(ok(muster("kv", "put", HTTP_ADDR, "-cas", "-modify-index=" + index, "cli/cas", "v2")).out())
                .isEqualTo("Success! Data written to: cli/cas\n");
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "cli/cas")).out()).isEqualTo("v2\n");

        Result noIndex = muster("kv", "put", HTTP_ADDR, "-cas", "cli/cas", "v3");
        assertThat(noIndex.exit()).isEqualTo(1);
        assertThat(noIndex.err()).contains("Must specify -modify-index with -cas!");
    }

    private static long modifyIndex(String detailed) {
        Matcher m = Pattern.compile("(?m)^ModifyIndex\\s+(\\d+)$").matcher(detailed);
        assertThat(m.find()).as(detailed).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void kvExportThenImportRestoresTheTree() throws Exception {
        ok(muster("kv", "put", HTTP_ADDR, "cli/tree/x", "ex"));
        ok(muster("kv", "put", HTTP_ADDR, "-flags=42", "cli/tree/y/z", "zed"));
        Result exported = ok(muster("kv", "export", HTTP_ADDR, "cli/tree/"));
        String b64 = Base64.getEncoder().encodeToString("zed".getBytes(StandardCharsets.UTF_8));
        assertThat(exported.out()).startsWith("[\n\t{\n").contains("\"key\": \"cli/tree/x\"", "\"flags\": 42",
                "\"value\": \"" + b64 + "\"");
        Path dump = work.resolve("export.json");
        Files.writeString(dump, exported.out());

        ok(muster("kv", "delete", HTTP_ADDR, "-recurse", "cli/tree/"));
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "-keys", "cli/tree/")).out()).isEmpty();

        Result imported = ok(muster("kv", "import", HTTP_ADDR, "@" + dump));
        assertThat(imported.out()).isEqualTo("Imported: cli/tree/x\nImported: cli/tree/y/z\n");
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "-recurse", "cli/tree/")).out())
                .isEqualTo("cli/tree/x:ex\ncli/tree/y/z:zed\n");
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "-detailed", "cli/tree/y/z")).out())
                .containsPattern("(?m)^Flags {12}42$");

        ok(muster("kv", "delete", HTTP_ADDR, "-recurse", "cli/tree/"));
        ok(musterWithStdin(exported.out(), "kv", "import", HTTP_ADDR, "-"));
        assertThat(ok(muster("kv", "get", HTTP_ADDR, "cli/tree/x")).out()).isEqualTo("ex\n");
    }

    @Test
    void servicesRegisterFromAFileShowsInTheCatalogAndDeregisterRemovesIt() throws Exception {
        Path definition = work.resolve("web.json");
        Files.writeString(definition, "{\"service\": {\"name\": \"cli-web\", \"port\": 8080, \"tags\": [\"v1\"]}}");
        assertThat(ok(muster("services", "register", HTTP_ADDR, definition.toString())).out())
                .isEqualTo("Registered service: cli-web\n");
        // The local agent syncs its services to the catalog; the CLI reads the catalog.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(ok(muster("catalog", "services", HTTP_ADDR)).out().lines())
                        .contains("cli-web", "consul"));
        assertThat(ok(muster("catalog", "services", HTTP_ADDR, "-tags")).out())
                .containsPattern("(?m)^cli-web\\s+v1$");
        Result nodes = ok(muster("catalog", "nodes", HTTP_ADDR));
        assertThat(nodes.out().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("Node", "ID", "Address", "DC");
        assertThat(nodes.out()).containsPattern("(?m)^node-127-0-0-81\\s+\\S+\\s+127\\.0\\.0\\.81\\s+dc1$");
        assertThat(ok(muster("catalog", "nodes", HTTP_ADDR, "-service=cli-web")).out())
                .contains("node-127-0-0-81");

        assertThat(ok(muster("services", "deregister", HTTP_ADDR, definition.toString())).out())
                .isEqualTo("Deregistered service: cli-web\n");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(ok(muster("catalog", "services", HTTP_ADDR)).out().lines()).doesNotContain("cli-web"));
    }

    @Test
    void maintEnableListsTheNodeAndDisableClearsIt() throws Exception {
        assertThat(ok(muster("maint", HTTP_ADDR, "-enable", "-reason=cli test")).out())
                .isEqualTo("Node maintenance is now enabled\n");
        assertThat(ok(muster("maint", HTTP_ADDR)).out())
                .isEqualTo("Node:\n  Name:   node-127-0-0-81\n  Reason: cli test\n\n");
        assertThat(agent.get("/v1/agent/checks").body()).contains("_node_maintenance");
        assertThat(ok(muster("maint", HTTP_ADDR, "-disable")).out())
                .isEqualTo("Node maintenance is now disabled\n");
        assertThat(ok(muster("maint", HTTP_ADDR)).out()).isEmpty();
        assertThat(agent.get("/v1/agent/checks").body()).doesNotContain("_node_maintenance");

        Result both = muster("maint", HTTP_ADDR, "-enable", "-disable");
        assertThat(both.exit()).isEqualTo(1);
    }

    @Test
    void reloadAndInfoTalkToTheAgent() throws Exception {
        assertThat(ok(muster("reload", HTTP_ADDR)).out()).isEqualTo("Configuration reload triggered\n");
        Result info = ok(muster("info", HTTP_ADDR));
        assertThat(info.out()).containsPattern("(?m)^agent:$").containsPattern("(?m)^\\t\\S+ = .*$");
    }

    @Test
    void eventFiredByTheCliIsListedByTheAgent() throws Exception {
        Result fired = ok(muster("event", HTTP_ADDR, "-name=cli-deploy", "payload-1"));
        assertThat(fired.out()).matches("Event ID: [0-9a-f-]{36}\n");
        String id = fired.out().substring("Event ID: ".length()).strip();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(agent.get("/v1/event/list?name=cli-deploy").body()).contains(id, "\"cli-deploy\""));

        Result nameless = muster("event", HTTP_ADDR);
        assertThat(nameless.exit()).isEqualTo(1);
        assertThat(nameless.err()).startsWith("Event name must be specified");
    }

    @Test
    void lockRunsTheSecondChildOnlyAfterTheFirstChildExits() throws Exception {
        Path log = work.resolve("lock.log");
        Files.createFile(log);
        Running first = launch(null, "lock", HTTP_ADDR, "cli/lock", child("A", log));
        Running second = null;
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log).equals("start A\n"));
            second = launch(null, "lock", HTTP_ADDR, "-verbose", "cli/lock", child("B", log));
            Running waiting = second;
            // B is blocked on the lock: it said so, and its child does not start while A's child runs.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> waiting.stdout().contains("Attempting lock acquisition"));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> Files.readString(log).equals("start A\n"));

            Files.createFile(work.resolve("release-A"));
            Result a = first.await();
            assertThat(a.exit()).as(a.toString()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log).contains("start B"));
            assertThat(Files.readString(log)).isEqualTo("start A\nend A\nstart B\n");

            Files.createFile(work.resolve("release-B"));
            Result b = second.await();
            assertThat(b.exit()).as(b.toString()).isZero();
            assertThat(b.out()).contains("Attempting lock acquisition", "Starting handler",
                    "Child terminated, releasing lock", "Cleanup succeeded");
            assertThat(Files.readString(log)).isEqualTo("start A\nend A\nstart B\nend B\n");
        } finally {
            first.kill();
            if (second != null) {
                second.kill();
            }
        }
    }

    /** A child that logs its start, waits for the test to create its release file, and logs its end. */
    private static String child(String name, Path log) {
        Path release = work.resolve("release-" + name);
        return "echo start " + name + " >> " + log + "; while [ ! -f " + release + " ]; do sleep 0.05; done; "
                + "echo end " + name + " >> " + log;
    }

    @Test
    void watchOnAKeyRunsItsHandlerWhenTheKeyChanges() throws Exception {
        ok(muster("kv", "put", HTTP_ADDR, "cli/watched", "before"));
        Path seen = work.resolve("watch.out");
        Running watch = launch(null, "watch", HTTP_ADDR, "-type=key", "-key=cli/watched",
                "cat >> " + seen + "; echo >> " + seen);
        try {
            String before = Base64.getEncoder().encodeToString("before".getBytes(StandardCharsets.UTF_8));
            String after = Base64.getEncoder().encodeToString("after".getBytes(StandardCharsets.UTF_8));
            // Consul's watch runs the handler once with the current value, then on every change.
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(seen)
                    && Files.readString(seen).contains("\"Value\":\"" + before + "\""));
            ok(muster("kv", "put", HTTP_ADDR, "cli/watched", "after"));
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(seen)
                    .contains("\"Value\":\"" + after + "\""));
            assertThat(Files.readString(seen)).contains("\"Key\":\"cli/watched\"");
            assertThat(watch.process().isAlive()).as("the watch keeps running after a change").isTrue();
        } finally {
            watch.kill();
        }
    }

    @Test
    void execOnAnAgentWithRemoteExecDisabledGetsNoAcknowledgement() throws Exception {
        // The dev agent keeps disable_remote_exec = true: it ignores the _rexec event, so nobody acknowledges.
        Result r = ok(muster("exec", HTTP_ADDR, "-wait=500ms", "uptime"));
        assertThat(r.out()).isEqualTo("0 / 0 node(s) completed / acknowledged\n");
    }

    @Test
    void aBadFlagExits1WithTheUsageText() throws Exception {
        Result r = muster("members", HTTP_ADDR, "-nosuchflag");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("flag provided but not defined: -nosuchflag\n")
                .contains("Usage: muster members [options]", "-http-addr=<address>");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpGoesToStdoutWithExit0() throws Exception {
        Result r = ok(muster("kv", "put", "-h"));
        assertThat(r.out()).startsWith("Usage: muster kv put [options] KEY [DATA]").contains("-cas", "-modify-index");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theAgentAddressComesFromConsulHttpAddrWhenNoFlagIsGiven() throws Exception {
        ok(muster("kv", "put", HTTP_ADDR, "cli/env", "from-env"));
        Result r = launch(null, Map.of("CONSUL_HTTP_ADDR", "http://" + ADDRESS + ":8500"),
                "kv", "get", "cli/env").await();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("from-env\n");
    }

    @Test
    void anUnknownCommandExits127WithTheCommandList() throws Exception {
        Result r = muster("frobnicate");
        assertThat(r.exit()).as(r.toString()).isEqualTo(127);
        assertThat(r.err()).contains("Unknown command: \"frobnicate\"", "Available commands are:", "members");
    }

    @Test
    void aMissingAgentExits1WithErrorConnectingToAgent() throws Exception {
        String missing = "-http-addr=127.0.0.82:8500";
        for (String[] args : List.of(new String[] {"members", missing}, new String[] {"kv", "get", missing, "k"},
                new String[] {"catalog", "services", missing})) {
            Result r = muster(args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", args)).contains("Error connecting to agent")
                    .contains("127.0.0.82:8500");
        }
    }

    @Test
    void validateAcceptsAGoodConfigDirAndRejectsABadOneNamingTheKey() throws Exception {
        java.nio.file.Path good = java.nio.file.Files.createDirectories(work.resolve("validate-good"));
        java.nio.file.Files.writeString(good.resolve("agent.json"), "{\"datacenter\": \"dc7\", \"ports\": {\"http\": 8501}}");
        Result valid = ok(muster("validate", good.toString()));
        assertThat(valid.out()).isEqualTo("Configuration is valid!\n");

        java.nio.file.Path bad = java.nio.file.Files.createDirectories(work.resolve("validate-bad"));
        java.nio.file.Files.writeString(bad.resolve("agent.json"), "{\"ports\": {\"http\": \"eighty\"}}");
        Result invalid = muster("validate", bad.toString());
        assertThat(invalid.exit()).as(invalid.toString()).isEqualTo(1);
        assertThat(invalid.err()).startsWith("Config validation failed: ").contains("ports.http");
    }

    @Test
    void musterAgentIsTheAgent() throws Exception {
        Running agentProcess = launch(null, "agent", "-dev", "-node", "via-cli", "-bind", "127.0.0.83",
                "-client", "127.0.0.83");
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> ok(muster("members", "-http-addr=127.0.0.83:8500")).out().contains("via-cli"));
        } finally {
            agentProcess.process().destroy();
            assertThat(agentProcess.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }
}
