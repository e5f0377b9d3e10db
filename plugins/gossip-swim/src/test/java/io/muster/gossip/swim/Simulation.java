package io.muster.gossip.swim;

import io.muster.spi.membership.MemberEvent;
import io.muster.spi.membership.UserEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic discrete-event network for {@link SwimState}: simulated milliseconds, seeded loss and
 * latency, killed members and partitions, no threads, sockets or wall clock. The same seed replays the
 * same run, event for event.
 */
final class Simulation {
    record Observed(long at, String observer, MemberEvent event) {
    }

    record Delivered(long at, String observer, UserEvent event) {
    }

    private record Event(long at, long order, Runnable action) {
    }

    final class SimNode {
        final String name;
        final String address;
        SwimState state;
        boolean running = true;
        long scheduledWake = Long.MAX_VALUE;

        SimNode(String name, String address) {
            this.name = name;
            this.address = address;
        }
    }

    private final long seed;
    private final Random network;
    private final SwimConfig config;
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private final Map<String, SimNode> byAddress = new LinkedHashMap<>();
    private final Map<String, SimNode> byName = new LinkedHashMap<>();
    private final Map<String, Integer> partition = new HashMap<>();
    private final List<Observed> observed = new ArrayList<>();
    private final List<Delivered> delivered = new ArrayList<>();
    private long order;
    private long now;
    private int created;

    double packetLoss;
    /** Chance that a TCP exchange fails outright (connection refused or timed out). */
    double streamLoss;
    long minLatencyMs = 1;
    long maxLatencyMs = 10;
    long packetBytes;
    long streamBytes;
    long packets;

    Simulation(long seed, SwimConfig config) {
        this.seed = seed;
        this.network = new Random(seed);
        this.config = config;
    }

    long now() {
        return now;
    }

    SimNode node(String name) {
        return byName.get(name);
    }

    List<SimNode> nodes() {
        return new ArrayList<>(byName.values());
    }

    List<Observed> observed() {
        return observed;
    }

    List<Delivered> delivered() {
        return delivered;
    }

    SimNode add(String name) {
        SimNode n = new SimNode(name, name + ":8301");
        n.state = new SwimState(config, name, n.address, Map.of("role", "node", "dc", "dc1"),
                new Random(seed * 31 + (created++)), KeyringDelegate.NONE, now);
        byAddress.put(n.address, n);
        byName.put(name, n);
        flush(n);
        return n;
    }

    /** Start N members that already know each other, as if they had all joined one seed long ago. */
    List<SimNode> bootstrap(int count) {
        List<SimNode> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(add("n" + i));
        }
        List<Message.NodeRecord> records = new ArrayList<>();
        for (SimNode n : created) {
            records.add(new Message.NodeRecord(n.name, n.address, Map.of("role", "node", "dc", "dc1"), 1, Message.NodeState.ALIVE));
        }
        for (SimNode n : created) {
            n.state.handle("bootstrap", new Message.PushPull("bootstrap", false, records, 0), now);
            n.state.ready();
            n.state.discardPendingBroadcasts();
            flush(n);
        }
        // the bootstrap itself is not news: drop its JOIN events
        observed.clear();
        return created;
    }

    /** Join {@code joiner} through {@code seed} with a TCP push-pull, as Membership.join does. */
    void join(SimNode joiner, SimNode seedNode) {
        stream(joiner, seedNode.address, joiner.state.pushPullRequest(true));
    }

    void kill(String name) {
        SimNode n = byName.get(name);
        n.running = false;
    }

    /** Restart a killed member with fresh state (incarnation 1), as a process restart would. */
    SimNode restart(String name) {
        SimNode old = byName.get(name);
        old.running = false;
        byAddress.remove(old.address);
        byName.remove(name);
        created--;
        return add(name);
    }

    void partition(Set<String> sideA) {
        for (SimNode n : byName.values()) {
            partition.put(n.address, sideA.contains(n.name) ? 1 : 2);
        }
    }

    void heal() {
        partition.clear();
    }

    void fire(SimNode from, String name) {
        from.state.fire(new UserEvent("", name, new byte[0], "", "", "", 0), now);
        flush(from);
    }

    void leave(SimNode n) {
        n.state.leave(now);
        flush(n);
    }

    void runFor(long millis) {
        runUntil(now + millis);
    }

    void runUntil(long end) {
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Event e = queue.poll();
            now = e.at;
            e.action.run();
        }
        now = end;
    }

    /** Runs until the condition holds (checked after each event) or {@code limitMs} passes; true if it held. */
    boolean runUntil(java.util.function.BooleanSupplier condition, long limitMs) {
        long end = now + limitMs;
        while (!queue.isEmpty() && queue.peek().at <= end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Event e = queue.poll();
            now = e.at;
            e.action.run();
        }
        now = Math.max(now, end);
        return condition.getAsBoolean();
    }

    private void schedule(long at, Runnable action) {
        queue.add(new Event(at, order++, action));
    }

    private void wake(SimNode n, long at) {
        if (n.running && byAddress.get(n.address) == n) {
            n.scheduledWake = Long.MAX_VALUE;
            n.state.tick(now);
            flush(n);
        }
    }

    /** Take the node's output: record events, put messages on the wire, and re-arm its timer. */
    private void flush(SimNode n) {
        Ready ready = n.state.ready();
        for (MemberEvent e : ready.memberEvents()) {
            observed.add(new Observed(now, n.name, e));
        }
        for (UserEvent e : ready.userEvents()) {
            delivered.add(new Delivered(now, n.name, e));
        }
        for (Outbound o : ready.outbound()) {
            if (o.channel() == Outbound.Channel.PACKET) {
                packet(n, o.address(), o.message());
            } else {
                stream(n, o.address(), o.message());
            }
        }
        long wake = n.state.nextWakeup();
        if (wake < n.scheduledWake) {
            n.scheduledWake = wake;
            long at = Math.max(wake, now);
            schedule(at, () -> {
                if (n.scheduledWake == wake) {
                    wake(n, at);
                }
            });
        }
    }

    private boolean reachable(SimNode from, SimNode to) {
        if (to == null || !to.running || !from.running || byAddress.get(to.address) != to) {
            return false;
        }
        Integer a = partition.get(from.address);
        Integer b = partition.get(to.address);
        return a == null || b == null || a.equals(b);
    }

    private long latency() {
        return minLatencyMs + (maxLatencyMs > minLatencyMs ? network.nextInt((int) (maxLatencyMs - minLatencyMs + 1)) : 0);
    }

    private void packet(SimNode from, String address, Message message) {
        packets++;
        packetBytes += MessageCodec.encode(message).length;
        boolean lost = network.nextDouble() < packetLoss;
        long at = now + latency();
        if (lost) {
            return;
        }
        schedule(at, () -> {
            SimNode to = byAddress.get(address);
            if (reachable(from, to)) {
                to.state.handle(from.address, message, now);
                flush(to);
            }
        });
    }

    private void stream(SimNode from, String address, Message request) {
        streamBytes += MessageCodec.encode(request).length;
        boolean failed = network.nextDouble() < streamLoss;
        long at = now + latency();
        schedule(at, () -> {
            SimNode to = byAddress.get(address);
            if (failed || !reachable(from, to)) {
                return;
            }
            Message reply = to.state.handleStream(from.address, request, now);
            flush(to);
            streamBytes += MessageCodec.encode(reply).length;
            schedule(now + latency(), () -> {
                if (reachable(to, from)) {
                    from.state.handle(to.address, reply, now);
                    flush(from);
                }
            });
        });
    }

    /** Members (running) whose view of {@code node} is {@code state}. */
    int countViewing(String node, Message.NodeState state) {
        int count = 0;
        for (SimNode n : byName.values()) {
            if (n.running && !n.name.equals(node) && n.state.stateOf(node) == state) {
                count++;
            }
        }
        return count;
    }

    int runningCount() {
        int count = 0;
        for (SimNode n : byName.values()) {
            if (n.running) {
                count++;
            }
        }
        return count;
    }

    /** First time each observer saw {@code type} for {@code node}. */
    Map<String, Long> firstSeen(String node, MemberEvent.Type type) {
        Map<String, Long> first = new LinkedHashMap<>();
        for (Observed o : observed) {
            if (o.event().type() == type && o.event().member().name().equals(node)) {
                first.putIfAbsent(o.observer(), o.at());
            }
        }
        return first;
    }

    long count(MemberEvent.Type type) {
        return observed.stream().filter(o -> o.event().type() == type).count();
    }

    Set<String> runningNames() {
        Set<String> names = new HashSet<>();
        for (SimNode n : byName.values()) {
            if (n.running) {
                names.add(n.name);
            }
        }
        return names;
    }

    /** A digest of everything that happened, to compare two runs. */
    String trace() {
        StringBuilder sb = new StringBuilder();
        for (Observed o : observed) {
            sb.append(o.at()).append(' ').append(o.observer()).append(' ').append(o.event().type()).append(' ')
                    .append(o.event().member().name()).append('\n');
        }
        sb.append("packets=").append(packets).append(" bytes=").append(packetBytes).append('+').append(streamBytes);
        return sb.toString();
    }
}
