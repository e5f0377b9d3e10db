package io.muster.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Servers that join after a {@code -bootstrap} server (127.0.0.171-.173) become voters automatically, as with
 * Consul's autopilot, and the three then replicate (the case where a joiner used to form a JGroups view of its own);
 * a joined server restarts on its data dir; a foreign snapshot is restored; a server that leaves is removed and added
 * back when it returns; the CLI joins, lists the raft peers and removes a dead one.
 */
class ServerJoinIT {
    @TempDir
    Path work;

    @RegisterExtension
    final Members members = new Members();

    @Test
    void serversJoiningABootstrappedServerBecomeVotersAndReplicate() throws Exception {
        AgentProcess first = launch("j1", "127.0.0.171", List.of("-server", "-bootstrap"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> first.get("/v1/status/leader").body().contains("127.0.0.171:8300"));
        AgentProcess second = launch("j2", "127.0.0.172", List.of("-server", "-join", "127.0.0.171"));
        AgentProcess third = launch("j3", "127.0.0.173", List.of("-server"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> third.get("/v1/agent/self").statusCode() == 200);
        MusterCli.Result joined = MusterCli.run("join", "-http-addr=127.0.0.173:8500", "127.0.0.171");
        assertThat(joined.exitCode()).as(joined.output()).isZero();
        assertThat(joined.output()).contains("Successfully joined cluster by contacting 1 nodes.");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
                assertThat(first.get("/v1/status/peers").body())
                        .contains("127.0.0.171:8300", "127.0.0.172:8300", "127.0.0.173:8300"));
        assertThat(second.put("/v1/kv/joined", "yes").body()).isEqualTo("true");
        for (AgentProcess server : List.of(first, second, third)) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(server.get("/v1/kv/joined?stale&raw").body()).isEqualTo("yes"));
        }
        assertThat(third.get("/v1/status/leader").body()).isEqualTo("\"127.0.0.171:8300\"");
        MusterCli.Result peers = MusterCli.run("operator", "raft", "list-peers", "-http-addr=127.0.0.172:8500");
        assertThat(peers.exitCode()).as(peers.output()).isZero();
        assertThat(peers.output().lines().findFirst().orElse("")).as(peers.output())
                .matches("Node\\s+ID\\s+Address\\s+State\\s+Voter\\s+RaftProtocol.*");
        assertThat(peers.output()).contains("127.0.0.171:8300", "127.0.0.172:8300", "127.0.0.173:8300", "leader");

        // A joined server (it received the leader's snapshot) restarts on its data dir and catches up.
        second.process().destroy();
        assertThat(second.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(first.put("/v1/kv/while-j2-down", "yes").body()).isEqualTo("true");
        AgentProcess secondAgain = launch("j2", "127.0.0.172", List.of("-server", "-join", "127.0.0.171"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
                assertThat(secondAgain.get("/v1/kv/while-j2-down?stale&raw").body()).isEqualTo("yes"));
        assertThat(secondAgain.get("/v1/kv/joined?stale&raw").body()).isEqualTo("yes");

        // A snapshot from another agent whose index is far above this cluster's log, restored through the CLI: the
        // state is replaced on every server and later writes land above the restored index (none is dropped).
        Path file = work.resolve("foreign.snap");
        try (AgentProcess dev = AgentProcess.dev(work.resolve("dev"), "127.0.0.174")) {
            for (int i = 0; i < 300; i++) {
                assertThat(dev.put("/v1/kv/foreign/" + (i % 10), "v" + i).body()).isEqualTo("true");
            }
            MusterCli.Result saved = MusterCli.run("snapshot", "save", "-http-addr=127.0.0.174:8500", file.toString());
            assertThat(saved.exitCode()).as(saved.output()).isZero();
        }
        long foreignIndex = Long.parseLong(MusterCli.run("snapshot", "inspect", file.toString()).output().lines()
                .filter(l -> l.trim().startsWith("Index")).findFirst().orElseThrow().replaceAll("\\D", ""));
        long clusterIndex = Long.parseLong(first.get("/v1/kv/joined").headers().firstValue("X-Consul-Index")
                .orElseThrow());
        assertThat(foreignIndex).as("the foreign snapshot is ahead of this cluster's log").isGreaterThan(clusterIndex + 100);
        MusterCli.Result restored = MusterCli.run("snapshot", "restore", "-http-addr=127.0.0.172:8500", file.toString());
        assertThat(restored.exitCode()).as(restored.output()).isZero();
        assertThat(restored.output()).contains("Restored snapshot");
        assertThat(first.get("/v1/kv/joined").statusCode()).as("the restore replaced the state").isEqualTo(404);
        assertThat(secondAgain.put("/v1/kv/after-restore", "ok").body()).isEqualTo("true");
        java.net.http.HttpResponse<String> after = first.get("/v1/kv/after-restore");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(Long.parseLong(after.headers().firstValue("X-Consul-Index").orElseThrow()))
                .isGreaterThan(foreignIndex);
        for (AgentProcess server : List.of(first, secondAgain, third)) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(server.get("/v1/kv/after-restore?stale&raw").body()).isEqualTo("ok");
                assertThat(server.get("/v1/kv/foreign/9?stale&raw").body()).isEqualTo("v299");
            });
        }

        // A server that leaves gracefully is removed from the raft configuration by the leader (the quorum shrinks
        // with it); started again on its data dir it is added back once alive for server_stabilization_time (10 s).
        MusterCli.Result left = MusterCli.run("leave", "-http-addr=127.0.0.173:8500");
        assertThat(left.exitCode()).as(left.output()).isZero();
        assertThat(third.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(first.get("/v1/status/peers").body())
                        .contains("127.0.0.171:8300", "127.0.0.172:8300").doesNotContain("127.0.0.173"));
        assertThat(secondAgain.put("/v1/kv/after-leave", "ok").body()).isEqualTo("true");
        AgentProcess thirdAgain = launch("j3", "127.0.0.173", List.of("-server", "-join", "127.0.0.171"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(first.get("/v1/status/peers").body()).contains("127.0.0.173:8300");
                    assertThat(thirdAgain.get("/v1/kv/after-leave?stale&raw").body()).isEqualTo("ok");
                });

        // With autopilot's dead-server clean-up turned off, a server that is gone for good (kill -9) stays a voter
        // until the operator removes it, by address; the other two go on.
        MusterCli.Result off = MusterCli.run("operator", "autopilot", "set-config", "-http-addr=127.0.0.171:8500",
                "-cleanup-dead-servers=false");
        assertThat(off.exitCode()).as(off.output()).isZero();
        thirdAgain.process().destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        MusterCli.Result removed = MusterCli.run("operator", "raft", "remove-peer", "-http-addr=127.0.0.171:8500",
                "-address=127.0.0.173:8300");
        assertThat(removed.exitCode()).as(removed.output()).isZero();
        assertThat(removed.output()).contains("Removed peer with address \"127.0.0.173:8300\"");
        assertThat(first.get("/v1/status/peers").body()).contains("127.0.0.172:8300").doesNotContain("127.0.0.173");
        assertThat(secondAgain.put("/v1/kv/after-remove", "ok").body()).isEqualTo("true");
    }


    private AgentProcess launch(String node, String address, List<String> extra) throws IOException {
        return members.launch(work, node, address, extra);
    }
}
