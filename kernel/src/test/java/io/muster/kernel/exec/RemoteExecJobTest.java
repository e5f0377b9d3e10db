package io.muster.kernel.exec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteExecJobTest {
    private static final String SESSION = "4e8a1f6c-0000-4000-8000-000000000001";
    private static final RemoteExecRequest REQUEST = new RemoteExecRequest("_rexec", SESSION);
    private static final String BASE = "_rexec/" + SESSION + "/";

    private final FakeExecStore store = new FakeExecStore();
    private final RemoteExecJob job = new RemoteExecJob("node-a", store, Clock.systemUTC());

    @BeforeEach
    void liveSession() {
        store.liveSessions.add(SESSION);
    }

    private void spec(String json) {
        store.put(BASE + "job", json);
    }

    @Test
    void acksRunsThroughTheShellUploadsOutputAndTheExitCode() {
        spec("{\"Command\":\"echo hello; echo oops >&2\",\"Wait\":2000000000}");

        assertThat(job.run(REQUEST)).contains(0);

        assertThat(store.writes.get(0)).isEqualTo(BASE + "node-a/ack");
        assertThat(store.writes.get(store.writes.size() - 1)).isEqualTo(BASE + "node-a/exit");
        assertThat(store.writes.get(1)).isEqualTo(BASE + "node-a/out/00000");
        assertThat(store.output(BASE + "node-a/out/")).isEqualTo("hello\noops\n");
        assertThat(store.text(BASE + "node-a/exit")).isEqualTo("0");
    }

    @Test
    void aFailingCommandWritesItsExitCode() {
        spec("{\"Command\":\"exit 3\",\"Wait\":1000000000}");

        assertThat(job.run(REQUEST)).contains(3);
        assertThat(store.text(BASE + "node-a/exit")).isEqualTo("3");
    }

    @Test
    void aScriptIsSpilledToAFileAndRun() {
        String script = Base64.getEncoder().encodeToString("#!/bin/sh\necho from-script\n".getBytes());
        spec("{\"Script\":\"" + script + "\",\"Wait\":1000000000}");

        assertThat(job.run(REQUEST)).contains(0);
        assertThat(store.output(BASE + "node-a/out/")).isEqualTo("from-script\n");
    }

    @Test
    void argsRunWithoutAShell() {
        spec("{\"Args\":[\"echo\",\"$HOME\"],\"Wait\":1000000000}");

        assertThat(job.run(REQUEST)).contains(0);
        assertThat(store.output(BASE + "node-a/out/")).isEqualTo("$HOME\n");
    }

    @Test
    void aCommandThatCannotStartExitsWith255() {
        spec("{\"Args\":[\"/nonexistent/muster-no-such-binary\"],\"Wait\":1000000000}");

        assertThat(job.run(REQUEST)).contains(RemoteExecJob.FAILED_EXIT_CODE);
        assertThat(store.writes).containsExactly(BASE + "node-a/ack", BASE + "node-a/exit");
    }

    @Test
    void aStaleMissIsRetriedConsistently() {
        spec("{\"Command\":\"true\",\"Wait\":1000000000}");
        store.staleMisses.add(BASE + "job");

        assertThat(job.run(REQUEST)).contains(0);
        assertThat(store.reads).containsExactly("stale " + BASE + "job", "consistent " + BASE + "job");
    }

    @Test
    void aMissingSpecAbortsWithoutWriting() {
        assertThat(job.run(REQUEST)).isEmpty();
        assertThat(store.writes).isEmpty();
        assertThat(store.reads).hasSize(2);
    }

    @Test
    void aDestroyedSessionStopsTheJobBeforeItRuns() {
        spec("{\"Command\":\"touch /should-not-run\",\"Wait\":1000000000}");
        store.liveSessions.clear();

        assertThat(job.run(REQUEST)).isEmpty();
        assertThat(store.writes).isEmpty();
    }

    @Test
    void anUnreadableSpecIsDropped() {
        spec("not json");

        assertThat(job.run(REQUEST)).isEqualTo(Optional.empty());
        assertThat(store.writes).isEmpty();
    }

    @Test
    void largeOutputIsSplitIntoBoundedChunks() {
        // 10000 bytes of output: at least three chunks, none above Consul's 4 KiB.
        spec("{\"Command\":\"printf %010000d 0\",\"Wait\":1000000000}");

        assertThat(job.run(REQUEST)).contains(0);
        List<String> chunks = store.writes.stream().filter(k -> k.contains("/out/")).toList();
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(3);
        chunks.forEach(k -> assertThat(store.values.get(k).length).isLessThanOrEqualTo(OutputChunker.CHUNK_SIZE));
        assertThat(store.output(BASE + "node-a/out/")).hasSize(10000).matches("0+");
    }
}
