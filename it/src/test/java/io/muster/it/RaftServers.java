package io.muster.it;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * Three (or more) real server agents, {@code -server -bootstrap-expect N}, each on its own loopback address with
 * Consul's default ports and its own data dir; they find each other through {@code -retry-join} (gossip) and the
 * raft plugin builds its channel from the servers' gossip tags. Server {@code i} is node {@code s<i+1>}.
 */
final class RaftServers implements AutoCloseable {
    private final Path work;
    private final List<String> addresses;
    private final AgentProcess[] agents;

    RaftServers(Path work, List<String> addresses) {
        this.work = work;
        this.addresses = List.copyOf(addresses);
        this.agents = new AgentProcess[addresses.size()];
    }

    int size() {
        return addresses.size();
    }

    String node(int i) {
        return "s" + (i + 1);
    }

    String address(int i) {
        return addresses.get(i);
    }

    Path dataDir(int i) {
        return work.resolve(node(i) + "-data");
    }

    AgentProcess agent(int i) {
        AgentProcess a = agents[i];
        if (a == null) {
            throw new IllegalStateException("server " + node(i) + " was never started");
        }
        return a;
    }

    boolean running(int i) {
        return agents[i] != null && agents[i].process().isAlive();
    }

    /** Starts every server and waits until all of them report the same leader. */
    RaftServers startAll() throws IOException {
        for (int i = 0; i < size(); i++) {
            launch(i);
        }
        awaitAgreedLeader(Duration.ofSeconds(45));
        return this;
    }

    /** Launches server {@code i} on its data dir (a restart keeps it); does not wait. */
    AgentProcess launch(int i) throws IOException {
        if (running(i)) {
            throw new IllegalStateException("server " + node(i) + " is already running");
        }
        List<String> args = new ArrayList<>(List.of("-server", "-bootstrap-expect", Integer.toString(size()),
                "-node", node(i), "-datacenter", "dc1", "-bind", address(i), "-client", address(i),
                "-data-dir", dataDir(i).toString()));
        for (String a : addresses) {
            args.add("-retry-join");
            args.add(a);
        }
        agents[i] = AgentProcess.launch(AgentProcess.dist(), work.resolve(node(i)), address(i), 8500, args);
        return agents[i];
    }

    /** Index of the server whose raft address {@code /v1/status/leader} of server {@code asked} names, if any. */
    Optional<Integer> leaderSeenBy(int asked) {
        if (!running(asked)) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> r = agents[asked].get("/v1/status/leader");
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            String host = r.body().replace("\"", "").split(":")[0];
            int i = addresses.indexOf(host);
            return i < 0 ? Optional.empty() : Optional.of(i);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The leader every running server names, if they all name the same running one. */
    Optional<Integer> agreedLeader() {
        Set<Optional<Integer>> seen = new HashSet<>();
        for (int i = 0; i < size(); i++) {
            if (running(i)) {
                seen.add(leaderSeenBy(i));
            }
        }
        if (seen.size() != 1) {
            return Optional.empty();
        }
        Optional<Integer> leader = seen.iterator().next();
        return leader.filter(this::running);
    }

    int awaitAgreedLeader(Duration atMost) {
        try {
            return await("running servers agree on a running leader").atMost(atMost)
                    .pollInterval(Duration.ofMillis(100)).until(this::agreedLeader, Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            List<String> views = new ArrayList<>();
            for (int i = 0; i < size(); i++) {
                views.add(node(i) + (running(i) ? " sees " + leaderSeenBy(i).map(this::node).orElse("no leader")
                        : " is not running"));
            }
            throw new AssertionError("no agreed leader within " + atMost + ": " + views + logs(), e);
        }
    }

    /** All logs, for assertion messages. */
    String logs() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < size(); i++) {
            if (agents[i] != null) {
                b.append(agents[i].outputTail(node(i)));
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (AgentProcess a : agents) {
            if (a != null) {
                // SIGKILL also ends a SIGSTOPped process, so a failed pause scenario leaves nothing behind
                a.close();
            }
        }
    }
}
