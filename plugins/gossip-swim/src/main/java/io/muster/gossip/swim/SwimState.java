package io.muster.gossip.swim;

import io.muster.gossip.coordinate.VivaldiClient;
import io.muster.gossip.coordinate.VivaldiConfig;
import io.muster.gossip.coordinate.VivaldiCoordinate;
import io.muster.gossip.swim.Message.Ack;
import io.muster.gossip.swim.Message.Alive;
import io.muster.gossip.swim.Message.Compound;
import io.muster.gossip.swim.Message.Dead;
import io.muster.gossip.swim.Message.IndirectPing;
import io.muster.gossip.swim.Message.KeyringOperation;
import io.muster.gossip.swim.Message.KeyringReply;
import io.muster.gossip.swim.Message.KeyringRequest;
import io.muster.gossip.swim.Message.LeaveIntent;
import io.muster.gossip.swim.Message.Nack;
import io.muster.gossip.swim.Message.NodeRecord;
import io.muster.gossip.swim.Message.NodeState;
import io.muster.gossip.swim.Message.Ping;
import io.muster.gossip.swim.Message.PushPull;
import io.muster.gossip.swim.Message.Refusal;
import io.muster.gossip.swim.Message.Suspect;
import io.muster.gossip.swim.Message.UserEventMessage;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.membership.UserEvent;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One member's view of a SWIM pool with Lifeguard's refinements, as a pure state machine: time arrives as
 * {@code now} (milliseconds of an injected clock) in {@link #tick} and {@link #handle}; what to send and
 * what happened is collected and taken with {@link #ready()}. No sockets, threads or wall clock, so the
 * same seed replays the same run. Not thread-safe: one thread drives it.
 */
public final class SwimState {
    /** Serf's user-event buffer: events older than this many lamport ticks are not delivered again. */
    private static final int EVENT_BUFFER = 512;
    /** Room left in a packet for the message that carries piggybacked updates. */
    private static final int CARRIER_RESERVE = 200;

    private final SwimConfig config;
    private final String selfName;
    private final String selfAddress;
    private final Random random;
    private final KeyringDelegate keyring;
    private final Awareness awareness;
    private final TransmitQueue broadcasts = new TransmitQueue();
    private final VivaldiClient vivaldi;
    /** Monotonic nanoseconds for probe round trips; null measures them on the millisecond {@code now}. */
    private final LongSupplier rttClockNanos;
    private int rejectedCoordinates;

    private final Map<String, NodeEntry> nodes = new LinkedHashMap<>();
    /** Same entries as {@link #nodes}, for O(1) random sampling of gossip and relay targets. */
    private final List<NodeEntry> nodeList = new ArrayList<>();
    private final List<NodeEntry> probeList = new ArrayList<>();
    private int probeIndex;
    private final Set<NodeEntry> suspects = new HashSet<>();
    private final Map<Long, Relay> relays = new HashMap<>();
    private final Map<String, PendingKeyring> keyringOps = new LinkedHashMap<>();
    private final TreeMap<Long, Set<String>> seenEvents = new TreeMap<>();

    private final List<Outbound> outbound = new ArrayList<>();
    private final List<MemberEvent> memberEvents = new ArrayList<>();
    private final List<UserEvent> userEvents = new ArrayList<>();
    private final List<KeyringResult> keyringResults = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private final NodeEntry self;
    private long seq;
    private long eventClock;
    private long eventMinTime;
    private boolean leaving;
    private Probe probe;
    private long nextProbeAt;
    private long nextGossipAt;
    private long nextPushPullAt;
    private long nextReconnectAt;
    private long nextReapAt;

    private static final class NodeEntry {
        final String name;
        String address;
        Map<String, String> tags;
        long incarnation;
        NodeState state;
        long stateChangedAt;
        Suspicion suspicion;
        /** Told to leave (force-leave) while alive: serf shows such a member as leaving until it refutes. */
        boolean forcedWhileAlive;

        NodeEntry(String name, String address, Map<String, String> tags, long incarnation, NodeState state, long now) {
            this.name = name;
            this.address = address;
            this.tags = tags;
            this.incarnation = incarnation;
            this.state = state;
            this.stateChangedAt = now;
        }

        boolean deadOrLeft() {
            return state == NodeState.DEAD || state == NodeState.LEFT;
        }
    }

    private static final class Probe {
        final NodeEntry target;
        final long seq;
        final long timeoutAt;
        final long deadline;
        final long sentAt;
        final long sentAtNanos;
        boolean indirectSent;
        boolean acked;
        int expectedNacks;
        int nacks;

        Probe(NodeEntry target, long seq, long timeoutAt, long deadline, long sentAt, long sentAtNanos) {
            this.target = target;
            this.seq = seq;
            this.timeoutAt = timeoutAt;
            this.deadline = deadline;
            this.sentAt = sentAt;
            this.sentAtNanos = sentAtNanos;
        }
    }

    private record Relay(String origin, long originSeq, long nackAt, boolean wantNack) {
    }

    private static final class PendingKeyring {
        final KeyringOperation operation;
        final long deadline;
        final int numNodes;
        final Map<String, KeyringReply> replies = new LinkedHashMap<>();

        PendingKeyring(KeyringOperation operation, long deadline, int numNodes) {
            this.operation = operation;
            this.deadline = deadline;
            this.numNodes = numNodes;
        }
    }

    public SwimState(SwimConfig config, String selfName, String selfAddress, Map<String, String> tags,
                     Random random, KeyringDelegate keyring, long now) {
        this(config, selfName, selfAddress, tags, random, keyring, now, null);
    }

    /**
     * @param rttClockNanos monotonic nanoseconds to time direct probes with (finer than the millisecond
     *                      {@code now}); null times them on {@code now}
     */
    public SwimState(SwimConfig config, String selfName, String selfAddress, Map<String, String> tags,
                     Random random, KeyringDelegate keyring, long now, LongSupplier rttClockNanos) {
        this.config = config;
        this.rttClockNanos = rttClockNanos;
        // its own generator, seeded by name: coordinates never shift the protocol's random choices
        this.vivaldi = new VivaldiClient(VivaldiConfig.DEFAULT, new Random(selfName.hashCode()));
        this.selfName = selfName;
        this.selfAddress = selfAddress;
        this.random = random;
        this.keyring = keyring;
        this.awareness = new Awareness(config.awarenessMaxMultiplier());
        this.self = new NodeEntry(selfName, selfAddress, Map.copyOf(tags), 1, NodeState.ALIVE, now);
        addNode(self);
        broadcasts.enqueue(selfName, selfAlive());
        // spread the first timers so a cluster started at one instant does not probe in lock step
        nextProbeAt = now + (long) (random.nextDouble() * config.probeIntervalMs());
        nextGossipAt = now + (long) (random.nextDouble() * config.gossipIntervalMs());
        nextPushPullAt = now + pushPullInterval() + (long) (random.nextDouble() * config.pushPullIntervalMs());
        nextReconnectAt = now + config.reconnectIntervalMs();
        nextReapAt = now + config.reapIntervalMs();
    }

    // ---------------------------------------------------------------- queries

    public String name() {
        return selfName;
    }

    public String address() {
        return selfAddress;
    }

    public List<Member> members() {
        List<Member> out = new ArrayList<>(nodes.size());
        for (NodeEntry n : nodes.values()) {
            out.add(toMember(n));
        }
        return Collections.unmodifiableList(out);
    }

    public int aliveCount() {
        int alive = 0;
        for (NodeEntry n : nodeList) {
            if (!n.deadOrLeft()) {
                alive++;
            }
        }
        return alive;
    }

    /** The state this member holds for {@code node}, or null when unknown. */
    public NodeState stateOf(String node) {
        NodeEntry n = nodes.get(node);
        return n == null ? null : n.state;
    }

    public long incarnation() {
        return self.incarnation;
    }

    /** This member's current network coordinate. */
    public VivaldiCoordinate coordinate() {
        return vivaldi.coordinate();
    }

    /** Coordinates from acks that the Vivaldi client refused (wrong dimensionality, NaN/Inf, absurd RTT). */
    public int rejectedCoordinates() {
        return rejectedCoordinates;
    }

    public int healthScore() {
        return awareness.score();
    }

    public boolean isLeaving() {
        return leaving;
    }

    /** True once the leave announcement has been sent its full number of times. */
    public boolean leaveDisseminated() {
        return leaving && !broadcasts.contains(selfName);
    }

    public int pendingBroadcasts() {
        return broadcasts.size();
    }

    public long eventClock() {
        return eventClock;
    }

    /** The earliest time {@link #tick} has work; callers may tick earlier. */
    public long nextWakeup() {
        long next = Math.min(nextProbeAt, nextGossipAt);
        next = Math.min(next, Math.min(nextPushPullAt, Math.min(nextReconnectAt, nextReapAt)));
        if (probe != null) {
            next = Math.min(next, probe.indirectSent || probe.acked ? probe.deadline : probe.timeoutAt);
        }
        for (NodeEntry n : suspects) {
            next = Math.min(next, n.suspicion.deadlineMs());
        }
        for (Relay r : relays.values()) {
            next = Math.min(next, r.nackAt);
        }
        for (PendingKeyring k : keyringOps.values()) {
            next = Math.min(next, k.deadline);
        }
        return next;
    }

    public Ready ready() {
        Ready r = new Ready(outbound, memberEvents, userEvents, keyringResults, warnings);
        outbound.clear();
        memberEvents.clear();
        userEvents.clear();
        keyringResults.clear();
        warnings.clear();
        return r;
    }

    /** Drops queued updates: for simulations that start members already in agreement. */
    void discardPendingBroadcasts() {
        broadcasts.clear();
    }

    // ---------------------------------------------------------------- commands

    /** The request a joining or anti-entropy exchange sends over TCP. */
    public PushPull pushPullRequest(boolean join) {
        return localState(join);
    }

    /** Gracefully leave: others will see this member as left once the announcement spreads. */
    public void leave(long now) {
        if (leaving) {
            return;
        }
        leaving = true;
        onDead(new Dead(self.incarnation, selfName, selfName), now);
    }

    /** Force a (failed) member to left; with {@code prune}, forget it entirely. */
    public boolean forceLeave(String node, boolean prune, long now) {
        NodeEntry n = nodes.get(node);
        if (n == null || n == self) {
            return false;
        }
        onLeaveIntent(new LeaveIntent(node, n.incarnation, prune), now);
        return true;
    }

    /** Serf's limit on a user event's name plus payload, so the event fits one UDP packet with room to spare. */
    public static final int USER_EVENT_SIZE_LIMIT = 512;

    /** @throws IllegalArgumentException when the event is too big to gossip */
    public static void checkUserEventSize(UserEvent event) {
        int size = event.name().length() + (event.payload() == null ? 0 : event.payload().length);
        if (size > USER_EVENT_SIZE_LIMIT) {
            throw new IllegalArgumentException("user event exceeds limit of " + USER_EVENT_SIZE_LIMIT + " bytes (name and payload are "
                    + size + " bytes)");
        }
    }

    /** Fire a user event: delivered here and gossiped to every member. */
    public UserEvent fire(UserEvent event, long now) {
        checkUserEventSize(event);
        long ltime = ++eventClock;
        String id = event.id() == null || event.id().isEmpty() ? newId() : event.id();
        UserEventMessage msg = new UserEventMessage(ltime, id, event.name(), event.payload() == null ? new byte[0] : event.payload(),
                nullToEmpty(event.nodeFilter()), nullToEmpty(event.serviceFilter()), nullToEmpty(event.tagFilter()));
        onUserEvent(msg);
        return toUserEvent(msg);
    }

    /** Start a cluster-wide keyring operation; its {@link KeyringResult} appears in a later {@link #ready()}. */
    public String startKeyringOperation(KeyringOperation operation, String key, long now) {
        String id = newId();
        PendingKeyring pending = new PendingKeyring(operation, now + config.keyringReplyTimeoutMs(), aliveCount());
        keyringOps.put(id, pending);
        KeyringRequest request = new KeyringRequest(id, selfName, selfAddress, operation, key == null ? "" : key);
        broadcasts.enqueue("keyring:" + id, request);
        onKeyringReply(answerKeyring(request));
        return id;
    }

    // ---------------------------------------------------------------- time

    public void tick(long now) {
        if (probe != null && !probe.acked && !probe.indirectSent && now >= probe.timeoutAt) {
            sendIndirectProbes(probe);
        }
        if (probe != null && now >= probe.deadline) {
            finishProbe(probe, now);
            probe = null;
        }
        if (now >= nextProbeAt) {
            startProbe(now);
        }
        if (now >= nextGossipAt) {
            gossip(now);
            nextGossipAt = now + config.gossipIntervalMs();
        }
        if (now >= nextPushPullAt) {
            periodicPushPull();
            nextPushPullAt = now + pushPullInterval();
        }
        if (now >= nextReconnectAt) {
            reconnect();
            nextReconnectAt = now + config.reconnectIntervalMs();
        }
        if (now >= nextReapAt) {
            reap(now);
            nextReapAt = now + config.reapIntervalMs();
        }
        expireSuspicions(now);
        expireRelays(now);
        expireKeyringOps(now);
    }

    private void startProbe(long now) {
        long interval = awareness.scale(config.probeIntervalMs());
        nextProbeAt = now + interval;
        if (leaving) {
            return;
        }
        NodeEntry target = nextProbeTarget();
        if (target == null) {
            return;
        }
        long id = ++seq;
        probe = new Probe(target, id, now + awareness.scale(config.probeTimeoutMs()), now + interval, now,
                rttClockNanos == null ? 0 : rttClockNanos.getAsLong());
        Ping ping = new Ping(id, target.name, selfName, selfAddress);
        if (target.state == NodeState.SUSPECT) {
            // let a suspected member learn about it directly and refute without waiting for gossip
            sendPacket(target.address, new Compound(List.of(ping, new Suspect(target.incarnation, target.name, selfName))));
        } else {
            sendPacket(target.address, ping);
        }
    }

    private NodeEntry nextProbeTarget() {
        for (int attempts = 0; attempts < 2; attempts++) {
            while (probeIndex < probeList.size()) {
                NodeEntry candidate = probeList.get(probeIndex++);
                if (candidate != self && !candidate.deadOrLeft() && nodes.get(candidate.name) == candidate) {
                    return candidate;
                }
            }
            probeList.clear();
            for (NodeEntry n : nodeList) {
                if (n != self && !n.deadOrLeft()) {
                    probeList.add(n);
                }
            }
            Collections.shuffle(probeList, random);
            probeIndex = 0;
        }
        return null;
    }

    private void sendIndirectProbes(Probe p) {
        p.indirectSent = true;
        List<NodeEntry> relaysChosen = sample(config.indirectChecks(), n -> n != self && n != p.target && n.state == NodeState.ALIVE);
        for (NodeEntry relay : relaysChosen) {
            sendPacket(relay.address, new IndirectPing(p.seq, p.target.name, p.target.address, selfName, selfAddress, true));
        }
        p.expectedNacks = relaysChosen.size();
        // TCP fallback: a member behind a UDP-dropping firewall is still alive
        outbound.add(new Outbound(p.target.address, new Ping(p.seq, p.target.name, selfName, selfAddress), Outbound.Channel.STREAM));
    }

    private void finishProbe(Probe p, long now) {
        if (p.acked) {
            awareness.apply(-1);
            return;
        }
        // Lifeguard: missing nacks mean our own network or CPU is the problem, not only the target's
        awareness.apply(p.expectedNacks > 0 ? p.expectedNacks - p.nacks : 1);
        if (nodes.get(p.target.name) == p.target && !p.target.deadOrLeft()) {
            onSuspect(new Suspect(p.target.incarnation, p.target.name, selfName), now);
        }
    }

    private void gossip(long now) {
        List<NodeEntry> targets = sample(config.gossipNodes(), n -> n != self
                && (!n.deadOrLeft() || (n.state == NodeState.DEAD && now - n.stateChangedAt < config.gossipToTheDeadMs())));
        int limit = config.retransmitLimit(nodes.size());
        for (NodeEntry target : targets) {
            List<Message> updates = broadcasts.take(config.maxPacketBytes() - 8, limit);
            if (updates.isEmpty()) {
                return;
            }
            outbound.add(new Outbound(target.address, updates.size() == 1 ? updates.get(0) : new Compound(updates), Outbound.Channel.PACKET));
        }
    }

    private void periodicPushPull() {
        if (leaving) {
            return;
        }
        List<NodeEntry> peer = sample(1, n -> n != self && n.state == NodeState.ALIVE);
        if (!peer.isEmpty()) {
            outbound.add(new Outbound(peer.get(0).address, localState(false), Outbound.Channel.STREAM));
        }
    }

    /** Serf's reconnect: now and then try a failed member, which is how a healed partition merges again. */
    private void reconnect() {
        if (leaving) {
            return;
        }
        List<NodeEntry> failed = new ArrayList<>();
        for (NodeEntry n : nodeList) {
            if (n.state == NodeState.DEAD) {
                failed.add(n);
            }
        }
        if (failed.isEmpty()) {
            return;
        }
        double probability = (double) failed.size() / Math.max(1, aliveCount());
        if (random.nextDouble() > probability) {
            return;
        }
        NodeEntry target = failed.get(random.nextInt(failed.size()));
        outbound.add(new Outbound(target.address, localState(false), Outbound.Channel.STREAM));
    }

    private void reap(long now) {
        for (Iterator<NodeEntry> it = nodeList.iterator(); it.hasNext(); ) {
            NodeEntry n = it.next();
            long age = now - n.stateChangedAt;
            boolean expired = (n.state == NodeState.DEAD && age >= config.reconnectTimeoutMs())
                    || (n.state == NodeState.LEFT && age >= config.tombstoneTimeoutMs());
            if (n != self && expired) {
                it.remove();
                nodes.remove(n.name);
                vivaldi.forget(n.name);
                memberEvents.add(new MemberEvent(MemberEvent.Type.REAP, toMember(n)));
            }
        }
    }

    private void expireSuspicions(long now) {
        if (suspects.isEmpty()) {
            return;
        }
        List<NodeEntry> expired = new ArrayList<>();
        for (NodeEntry n : suspects) {
            if (n.suspicion.deadlineMs() <= now) {
                expired.add(n);
            }
        }
        for (NodeEntry n : expired) {
            if (n.state == NodeState.SUSPECT) {
                onDead(new Dead(n.incarnation, n.name, selfName), now);
            }
            suspects.remove(n);
        }
    }

    private void expireRelays(long now) {
        relays.entrySet().removeIf(e -> {
            Relay r = e.getValue();
            if (r.nackAt > now) {
                return false;
            }
            if (r.wantNack) {
                sendPacket(r.origin, new Nack(r.originSeq));
            }
            return true;
        });
    }

    private void expireKeyringOps(long now) {
        keyringOps.entrySet().removeIf(e -> {
            PendingKeyring k = e.getValue();
            if (k.deadline > now) {
                return false;
            }
            keyringResults.add(new KeyringResult(e.getKey(), k.operation, k.numNodes, new ArrayList<>(k.replies.values())));
            return true;
        });
    }

    // ---------------------------------------------------------------- messages

    /** A message that arrived by UDP, or the reply to a STREAM message this member sent. */
    public void handle(String from, Message message, long now) {
        if (message instanceof Compound c) {
            for (Message part : c.parts()) {
                handle(from, part, now);
            }
        } else if (message instanceof Ping p) {
            if (p.target().isEmpty() || p.target().equals(selfName)) {
                sendPacket(from, new Ack(p.seq(), vivaldi.coordinate()));
            }
        } else if (message instanceof IndirectPing p) {
            long id = ++seq;
            // nack early enough to reach the prober before its probe interval ends
            relays.put(id, new Relay(from, p.seq(), now + config.probeTimeoutMs() * 4 / 5, p.wantNack()));
            sendPacket(p.targetAddress(), new Ping(id, p.target(), selfName, selfAddress));
        } else if (message instanceof Ack a) {
            if (probe != null && probe.seq == a.seq()) {
                if (!probe.acked && !probe.indirectSent && a.coordinate() != null) {
                    observeRtt(probe, a.coordinate(), now);
                }
                probe.acked = true;
            } else {
                Relay r = relays.remove(a.seq());
                if (r != null) {
                    sendPacket(r.origin, new Ack(r.originSeq));
                }
            }
        } else if (message instanceof Nack n) {
            if (probe != null && probe.seq == n.seq()) {
                probe.nacks++;
            }
        } else if (message instanceof Alive a) {
            onAlive(a, now);
        } else if (message instanceof Suspect s) {
            onSuspect(s, now);
        } else if (message instanceof Dead d) {
            onDead(d, now);
        } else if (message instanceof LeaveIntent l) {
            onLeaveIntent(l, now);
        } else if (message instanceof UserEventMessage u) {
            onUserEvent(u);
        } else if (message instanceof PushPull p) {
            merge(p, now);
        } else if (message instanceof Refusal r) {
            warnings.add("gossip: " + from + " refused our state exchange: " + r.reason());
        } else if (message instanceof KeyringRequest k) {
            onKeyringRequest(k);
        } else if (message instanceof KeyringReply k) {
            onKeyringReply(k);
        }
    }

    /** A request that arrived over TCP; the result is the one reply to write back. */
    public Message handleStream(String from, Message request, long now) {
        if (request instanceof PushPull p) {
            String conflict = nameConflict(p);
            if (conflict == null) {
                conflict = nodeIdConflict(p);
            }
            if (conflict != null) {
                warnings.add("gossip: refused join from " + from + ": " + conflict);
                return new Refusal(conflict);
            }
            merge(p, now);
            return localState(false);
        }
        if (request instanceof Ping p) {
            return new Ack(p.seq());
        }
        handle(from, request, now);
        return new Ack(0);
    }

    private String nameConflict(PushPull p) {
        String claimed = null;
        for (NodeRecord r : p.nodes()) {
            if (r.name().equals(p.sender())) {
                claimed = r.address();
            }
        }
        if (claimed == null) {
            return null;
        }
        NodeEntry existing = nodes.get(p.sender());
        if (existing != null && !existing.address.equals(claimed) && (existing == self || !existing.deadOrLeft())) {
            return "node name \"" + p.sender() + "\" is already in use by the member at " + existing.address
                    + ", and the joining agent advertises " + claimed
                    + "; give each agent a unique node name (-node) or stop the other agent";
        }
        return null;
    }

    /**
     * Consul's LAN merge check: node IDs (tag {@code id}) are the catalog's identity, so a pool in which two
     * names share one ID, or a joiner claiming this agent's ID, is refused with Consul's wording.
     */
    private String nodeIdConflict(PushPull p) {
        NodeEntry me = nodes.get(selfName);
        String ownId = me == null ? null : me.tags.get("id");
        Map<String, String> namesById = new HashMap<>();
        for (NodeRecord r : p.nodes()) {
            String id = r.tags().get("id");
            if (id == null || id.isEmpty() || r.state() == NodeState.LEFT || r.state() == NodeState.DEAD) {
                continue;
            }
            if (id.equalsIgnoreCase(ownId) && !r.name().equalsIgnoreCase(selfName)) {
                return "Member '" + r.name() + "' has conflicting node ID '" + id + "' with this agent's ID"
                        + " (-node-id, or the node-id file in its data dir; -disable-host-node-id avoids IDs derived"
                        + " from the host)";
            }
            String other = namesById.putIfAbsent(id.toLowerCase(java.util.Locale.ROOT), r.name());
            if (other != null && !other.equals(r.name())) {
                return "Member '" + r.name() + "' has conflicting node ID '" + id + "' with member '" + other + "'";
            }
        }
        return null;
    }

    private void merge(PushPull p, long now) {
        if (p.join()) {
            // a joiner should not replay user events fired before it joined (Consul joins with replay off)
            eventMinTime = Math.max(eventMinTime, p.eventClock() + 1);
        }
        eventClock = Math.max(eventClock, p.eventClock());
        for (NodeRecord r : p.nodes()) {
            switch (r.state()) {
                case ALIVE -> onAlive(new Alive(r.incarnation(), r.name(), r.address(), r.tags()), now);
                case LEFT -> onDead(new Dead(r.incarnation(), r.name(), r.name()), now);
                // someone else's verdict of death is only a suspicion here: we may still reach the node
                case DEAD, SUSPECT -> onSuspect(new Suspect(r.incarnation(), r.name(), selfName), now);
            }
        }
    }

    private void onAlive(Alive a, long now) {
        if (a.node().equals(selfName)) {
            if (leaving || a.incarnation() < self.incarnation) {
                return;
            }
            if (!a.address().equals(selfAddress)) {
                warnings.add("gossip: another agent at " + a.address() + " claims this node's name \"" + selfName
                        + "\" (this agent is at " + selfAddress + "); give each agent a unique node name");
            } else if (a.incarnation() == self.incarnation && a.tags().equals(self.tags)) {
                return;
            }
            refute(a.incarnation());
            return;
        }
        NodeEntry n = nodes.get(a.node());
        if (n == null) {
            n = new NodeEntry(a.node(), a.address(), a.tags(), a.incarnation(), NodeState.ALIVE, now);
            addNode(n);
            if (!probeList.isEmpty()) {
                // a newcomer is probed within the current round, at a random place in it
                probeList.add(probeIndex + random.nextInt(probeList.size() - probeIndex + 1), n);
            }
            broadcasts.enqueue(a.node(), a);
            memberEvents.add(new MemberEvent(MemberEvent.Type.JOIN, toMember(n)));
            return;
        }
        boolean addressChange = !n.address.equals(a.address());
        if (addressChange) {
            boolean reclaimable = n.deadOrLeft() && now - n.stateChangedAt >= config.deadNodeReclaimMs();
            if (!reclaimable) {
                warnings.add("gossip: node name \"" + a.node() + "\" is in use by " + n.address
                        + "; ignoring its claim from " + a.address() + " (node names must be unique)");
                return;
            }
        } else if (a.incarnation() <= n.incarnation) {
            return;
        }
        NodeState old = n.state;
        boolean tagsChanged = !n.tags.equals(a.tags());
        n.address = a.address();
        n.tags = a.tags();
        n.incarnation = a.incarnation();
        clearSuspicion(n);
        if (old != NodeState.ALIVE) {
            n.state = NodeState.ALIVE;
            n.forcedWhileAlive = false;
            n.stateChangedAt = now;
        }
        broadcasts.enqueue(a.node(), a);
        if (old == NodeState.DEAD || old == NodeState.LEFT) {
            memberEvents.add(new MemberEvent(MemberEvent.Type.JOIN, toMember(n)));
        } else if (tagsChanged || addressChange) {
            memberEvents.add(new MemberEvent(MemberEvent.Type.UPDATE, toMember(n)));
        }
    }

    private void onSuspect(Suspect s, long now) {
        NodeEntry n = nodes.get(s.node());
        if (n == null || s.incarnation() < n.incarnation) {
            return;
        }
        if (n.state == NodeState.SUSPECT && n.suspicion != null) {
            if (n.suspicion.confirm(s.from())) {
                broadcasts.enqueue(s.node(), s);
            }
            return;
        }
        if (n.deadOrLeft()) {
            return;
        }
        if (n == self) {
            if (!leaving) {
                refute(s.incarnation());
            }
            return;
        }
        broadcasts.enqueue(s.node(), s);
        n.incarnation = s.incarnation();
        n.state = NodeState.SUSPECT;
        n.stateChangedAt = now;
        int size = nodes.size();
        int expected = config.suspicionMult() - 2;
        if (size - 2 < expected) {
            expected = 0;
        }
        long min = config.suspicionMinTimeoutMs(size);
        n.suspicion = new Suspicion(s.from(), now, min, min * config.suspicionMaxTimeoutMult(), expected);
        suspects.add(n);
    }

    private void onDead(Dead d, long now) {
        NodeEntry n = nodes.get(d.node());
        if (n == null || d.incarnation() < n.incarnation || n.deadOrLeft()) {
            return;
        }
        if (n == self && !leaving) {
            refute(d.incarnation());
            return;
        }
        broadcasts.enqueue(d.node(), d);
        n.incarnation = d.incarnation();
        clearSuspicion(n);
        n.state = d.from().equals(d.node()) ? NodeState.LEFT : NodeState.DEAD;
        n.stateChangedAt = now;
        if (n != self) {
            memberEvents.add(new MemberEvent(n.state == NodeState.LEFT ? MemberEvent.Type.LEAVE : MemberEvent.Type.FAIL, toMember(n)));
        }
    }

    private void onLeaveIntent(LeaveIntent l, long now) {
        NodeEntry n = nodes.get(l.node());
        if (n == null || l.incarnation() < n.incarnation) {
            return;
        }
        if (n == self) {
            if (!leaving) {
                refute(l.incarnation());
            }
            return;
        }
        if (n.state == NodeState.LEFT && !l.prune()) {
            return;
        }
        broadcasts.enqueue(l.node(), l);
        if (n.state != NodeState.LEFT) {
            n.forcedWhileAlive = n.state == NodeState.ALIVE && !l.prune();
            clearSuspicion(n);
            n.state = NodeState.LEFT;
            n.stateChangedAt = now;
            memberEvents.add(new MemberEvent(MemberEvent.Type.LEAVE, toMember(n)));
        }
        if (l.prune()) {
            vivaldi.forget(n.name);
            nodes.remove(n.name);
            nodeList.remove(n);
            memberEvents.add(new MemberEvent(MemberEvent.Type.REAP, toMember(n)));
        }
    }

    private void onUserEvent(UserEventMessage u) {
        eventClock = Math.max(eventClock, u.lamportTime());
        if (u.lamportTime() < eventMinTime || u.lamportTime() + EVENT_BUFFER < eventClock) {
            return;
        }
        Set<String> ids = seenEvents.computeIfAbsent(u.lamportTime(), t -> new HashSet<>());
        if (!ids.add(u.id())) {
            return;
        }
        seenEvents.headMap(eventClock - EVENT_BUFFER).clear();
        userEvents.add(toUserEvent(u));
        broadcasts.enqueue("event:" + u.lamportTime() + ":" + u.id(), u);
    }

    private void onKeyringRequest(KeyringRequest k) {
        String subject = "keyring:" + k.id();
        if (k.origin().equals(selfName) || broadcasts.contains(subject)) {
            return;
        }
        broadcasts.enqueue(subject, k);
        sendPacket(k.originAddress(), answerKeyring(k));
    }

    private KeyringReply answerKeyring(KeyringRequest k) {
        String error = k.operation() == KeyringOperation.LIST ? null : keyring.apply(k.operation(), k.key());
        return new KeyringReply(k.id(), selfName, error == null, error == null ? "" : error, keyring.keys(), keyring.primaryKey());
    }

    private void onKeyringReply(KeyringReply reply) {
        PendingKeyring pending = keyringOps.get(reply.id());
        if (pending == null) {
            return;
        }
        pending.replies.put(reply.node(), reply);
        if (pending.replies.size() >= pending.numNodes) {
            keyringOps.remove(reply.id());
            keyringResults.add(new KeyringResult(reply.id(), pending.operation, pending.numNodes, new ArrayList<>(pending.replies.values())));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** As memberlist: only a direct probe's ack, within its timeout, times the network (not a relayed one). */
    private void observeRtt(Probe p, VivaldiCoordinate peerCoordinate, long now) {
        double seconds = rttClockNanos == null ? (now - p.sentAt) / 1_000.0
                : (rttClockNanos.getAsLong() - p.sentAtNanos) / 1.0e9;
        if (vivaldi.update(p.target.name, peerCoordinate, seconds).isPresent()) {
            rejectedCoordinates++;
        }
    }

    private void refute(long accusedIncarnation) {
        self.incarnation = Math.max(self.incarnation, accusedIncarnation) + 1;
        awareness.apply(1);
        broadcasts.enqueue(selfName, selfAlive());
    }

    private Alive selfAlive() {
        return new Alive(self.incarnation, selfName, selfAddress, self.tags);
    }

    private void clearSuspicion(NodeEntry n) {
        n.suspicion = null;
        suspects.remove(n);
    }

    private void addNode(NodeEntry n) {
        nodes.put(n.name, n);
        nodeList.add(n);
    }

    private PushPull localState(boolean join) {
        List<NodeRecord> records = new ArrayList<>(nodes.size());
        for (NodeEntry n : nodeList) {
            records.add(new NodeRecord(n.name, n.address, n.tags, n.incarnation, n.state));
        }
        return new PushPull(selfName, join, records, eventClock);
    }

    /** Every UDP message carries as many pending updates as fit (SWIM's piggybacking). */
    private void sendPacket(String address, Message message) {
        List<Message> updates = broadcasts.take(config.maxPacketBytes() - CARRIER_RESERVE, config.retransmitLimit(nodes.size()));
        if (updates.isEmpty()) {
            outbound.add(new Outbound(address, message, Outbound.Channel.PACKET));
        } else {
            List<Message> parts = new ArrayList<>(updates.size() + 1);
            if (message instanceof Compound c) {
                parts.addAll(c.parts());
            } else {
                parts.add(message);
            }
            parts.addAll(updates);
            outbound.add(new Outbound(address, new Compound(parts), Outbound.Channel.PACKET));
        }
    }

    private List<NodeEntry> sample(int k, java.util.function.Predicate<NodeEntry> eligible) {
        List<NodeEntry> picked = new ArrayList<>(k);
        int size = nodeList.size();
        // random probing is O(k) for big pools; the scan below only runs for small or mostly dead ones
        for (int attempt = 0; attempt < 4 * k && picked.size() < k && size > 0; attempt++) {
            NodeEntry n = nodeList.get(random.nextInt(size));
            if (eligible.test(n) && !picked.contains(n)) {
                picked.add(n);
            }
        }
        if (picked.size() < k) {
            List<NodeEntry> rest = new ArrayList<>();
            for (NodeEntry n : nodeList) {
                if (eligible.test(n) && !picked.contains(n)) {
                    rest.add(n);
                }
            }
            Collections.shuffle(rest, random);
            for (int i = 0; i < rest.size() && picked.size() < k; i++) {
                picked.add(rest.get(i));
            }
        }
        return picked;
    }

    /** memberlist's push-pull scaling: beyond 32 members, exchange full state less often. */
    private long pushPullInterval() {
        int n = nodes.size();
        if (n <= 32) {
            return config.pushPullIntervalMs();
        }
        double multiplier = Math.ceil(Math.log(n) / Math.log(2) - Math.log(32) / Math.log(2)) + 1.0;
        return (long) (config.pushPullIntervalMs() * multiplier);
    }

    private String newId() {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static UserEvent toUserEvent(UserEventMessage u) {
        return new UserEvent(u.id(), u.name(), u.payload(), u.nodeFilter(), u.serviceFilter(), u.tagFilter(), u.lamportTime());
    }

    private Member toMember(NodeEntry n) {
        int colon = n.address.lastIndexOf(':');
        String host = colon < 0 ? n.address : n.address.substring(0, colon);
        int port = colon < 0 ? 0 : Integer.parseInt(n.address.substring(colon + 1));
        MemberStatus status = switch (n.state) {
            case ALIVE, SUSPECT -> n == self && leaving ? MemberStatus.LEAVING : MemberStatus.ALIVE;
            case DEAD -> MemberStatus.FAILED;
            case LEFT -> n.forcedWhileAlive ? MemberStatus.LEAVING : MemberStatus.LEFT;
        };
        // memberlist protocol range as Consul reports it in /v1/agent/members
        return new Member(n.name, host, port, n.tags, status, 1, 5, 2);
    }
}
