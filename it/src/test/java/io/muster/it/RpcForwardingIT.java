package io.muster.it;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.kv.model.GetValue;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three raft servers and one client agent as real processes (127.0.0.111-.114): the client forwards every KV and
 * catalog call through the rpc plugin, blocking queries park on a server, and the client keeps working when the
 * server it was talking to is killed.
 */
class RpcForwardingIT {
    private static final String[] SERVERS = {"127.0.0.111", "127.0.0.112", "127.0.0.113"};
    private static final String CLIENT = "127.0.0.114";

    @TempDir
    Path work;

    private final Deque<AgentProcess> agents = new ArrayDeque<>();
    private final Map<String, AgentProcess> byAddress = new LinkedHashMap<>();

    @AfterEach
    void stopAgents() throws InterruptedException {
        while (!agents.isEmpty()) {
            agents.pop().close();
        }
    }

    @Test
    void aClientAgentForwardsToTheServersAndSurvivesTheDeathOfTheOneItUsed() throws Exception {
        for (int i = 0; i < SERVERS.length; i++) {
            List<String> args = new ArrayList<>(List.of("-server", "-bootstrap-expect", "3", "-retry-interval", "1s"));
            for (String peer : SERVERS) {
                args.addAll(List.of("-retry-join", peer));
            }
            launch("s" + (i + 1), SERVERS[i], args);
        }
        AgentProcess client = launch("c1", CLIENT, List.of("-retry-join", SERVERS[0], "-retry-interval", "1s"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> leaderSeenBy(client).isPresent());

        ConsulClient consul = new ConsulClient(CLIENT, 8500);
        assertThat(consul.setKVValue("fwd/a", "1").getValue()).isTrue();
        for (String server : SERVERS) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(byAddress.get(server).get("/v1/kv/fwd/a?stale&raw").body()).isEqualTo("1"));
        }
        HttpResponse<String> read = client.get("/v1/kv/fwd/a");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-Consul-KnownLeader")).hasValue("true");
        assertThat(read.headers().firstValue("X-Consul-Effective-Consistency")).hasValue("leader");
        // The client's own node reached the servers' catalog through the forwarded anti-entropy.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(byAddress.get(SERVERS[1]).get("/v1/catalog/node/c1?stale").body()).contains("\"Address\":\"" + CLIENT + "\""));

        // A blocking query made on the client parks on a server and wakes on a write done elsewhere.
        Response<GetValue> current = consul.getKVValue("fwd/a");
        long index = current.getConsulIndex();
        CompletableFuture<Response<GetValue>> parked = CompletableFuture.supplyAsync(() ->
                consul.getKVValue("fwd/a", new QueryParams(30, index)));
        HttpResponse<String> write = byAddress.get(SERVERS[2]).put("/v1/kv/fwd/a", "2");
        assertThat(write.body()).isEqualTo("true");
        Response<GetValue> woken = parked.get(30, TimeUnit.SECONDS);
        assertThat(woken.getValue().getDecodedValue()).isEqualTo("2");
        assertThat(woken.getConsulIndex()).isGreaterThan(index);

        // A follower answers a default read with the leader's data (it forwards it), right after a leader write.
        String leader = leaderSeenBy(client).orElseThrow();
        AgentProcess follower = byAddress.get(java.util.Arrays.stream(SERVERS).filter(s -> !leader.startsWith(s + ":"))
                .findFirst().orElseThrow());
        assertThat(byAddress.get(leader.substring(0, leader.indexOf(':'))).put("/v1/kv/fwd/b", "fresh").body()).isEqualTo("true");
        HttpResponse<String> viaFollower = follower.get("/v1/kv/fwd/b?raw");
        assertThat(viaFollower.body()).isEqualTo("fresh");
        assertThat(viaFollower.headers().firstValue("X-Consul-KnownLeader")).hasValue("true");

        // Kill -9 the server the client is connected to; the client moves on to another and keeps working.
        String used = await().atMost(Duration.ofSeconds(10)).until(() -> serverUsedBy(client), Optional::isPresent).get();
        byAddress.get(used).process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> Boolean.TRUE.equals(consul.setKVValue("fwd/after", "3").getValue()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no forwarded write succeeded within 30 s of killing " + used + " (leader was "
                    + leader + ")" + logs(), e);
        }
        System.out.println("RpcForwardingIT: killed " + used + " (the client's server; leader was " + leader
                + "), first forwarded write succeeded after " + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms");
        assertThat(consul.getKVValue("fwd/after").getValue().getDecodedValue()).isEqualTo("3");
        assertThat(consul.getKVValue("fwd/b").getValue().getDecodedValue()).isEqualTo("fresh");
        assertThat(serverUsedBy(client)).hasValueSatisfying(s -> assertThat(s).isNotEqualTo(used));
    }

    private Optional<String> leaderSeenBy(AgentProcess agent) throws IOException {
        HttpResponse<String> r = agent.get("/v1/status/leader");
        String body = r.body().replace("\"", "").trim();
        return r.statusCode() == 200 && !body.isEmpty() ? Optional.of(body) : Optional.empty();
    }

    /**
     * The server the client process holds an established RPC connection to: its socket inodes (/proc/PID/fd) looked up
     * in /proc/net/tcp and tcp6 (little-endian hex IPv4 in the last 8 digits; state 01 = ESTABLISHED; port 8300 = 0x206C).
     */
    private static Optional<String> serverUsedBy(AgentProcess client) throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.list(Path.of("/proc/" + client.process().pid() + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away between listing and reading: not a connection we look for
                }
            }
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp")));
        lines.addAll(Files.readAllLines(Path.of("/proc/net/tcp6"))); // a JDK socket is dual-stack: ::ffff:a.b.c.d
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[2].endsWith(":206C") && f[3].equals("01") && inodes.contains(f[9])) {
                String hex = f[2].substring(f[2].indexOf(':') - 8, f[2].indexOf(':'));
                return Optional.of(Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16)
                        + "." + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16));
            }
        }
        return Optional.empty();
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        byAddress.forEach((address, agent) -> b.append(agent.outputTail(address)));
        return b.toString();
    }

    private AgentProcess launch(String node, String address, List<String> extra) throws IOException {
        AgentProcess agent = AgentProcess.member(work, node, address, extra);
        agents.push(agent);
        byAddress.put(address, agent);
        return agent;
    }
}
