package io.muster.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Servers that join after a {@code -bootstrap} server (127.0.0.171-.173) become voters automatically, as with
 * Consul's autopilot, and the three then replicate (the case where a joiner used to form a JGroups view of its own);
 * a server that leaves is removed from the raft configuration.
 */
class ServerJoinIT {
    @TempDir
    Path work;

    private final Deque<AgentProcess> agents = new ArrayDeque<>();

    @AfterEach
    void stopAgents() throws InterruptedException {
        while (!agents.isEmpty()) {
            agents.pop().close();
        }
    }

    @Test
    void serversJoiningABootstrappedServerBecomeVotersAndReplicate() throws Exception {
        AgentProcess first = launch("j1", "127.0.0.171", List.of("-server", "-bootstrap"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> first.get("/v1/status/leader").body().contains("127.0.0.171:8300"));
        AgentProcess second = launch("j2", "127.0.0.172", List.of("-server", "-join", "127.0.0.171"));
        AgentProcess third = launch("j3", "127.0.0.173", List.of("-server", "-retry-join", "127.0.0.171",
                "-retry-interval", "1s"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
                assertThat(first.get("/v1/status/peers").body())
                        .contains("127.0.0.171:8300", "127.0.0.172:8300", "127.0.0.173:8300"));
        assertThat(second.put("/v1/kv/joined", "yes").body()).isEqualTo("true");
        for (AgentProcess server : List.of(first, second, third)) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(server.get("/v1/kv/joined?stale&raw").body()).isEqualTo("yes"));
        }
        assertThat(third.get("/v1/status/leader").body()).isEqualTo("\"127.0.0.171:8300\"");

        // A server that leaves gracefully is taken out of the raft configuration, so the quorum shrinks with it.
        assertThat(third.put("/v1/agent/leave", "").statusCode()).isEqualTo(200);
        assertThat(third.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(first.get("/v1/status/peers").body())
                        .contains("127.0.0.171:8300", "127.0.0.172:8300").doesNotContain("127.0.0.173"));
        assertThat(second.put("/v1/kv/after-leave", "ok").body()).isEqualTo("true");
    }

    private AgentProcess launch(String node, String address, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-node", node, "-bind", address, "-client", address,
                "-data-dir", work.resolve(node + "-data").toString()));
        args.addAll(extra);
        AgentProcess agent = AgentProcess.launch(AgentProcess.dist(), work.resolve(node), address, 8500, args);
        agents.push(agent);
        return agent;
    }
}
