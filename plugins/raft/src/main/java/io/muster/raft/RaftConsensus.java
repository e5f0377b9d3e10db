package io.muster.raft;

import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.ConsensusContext;
import io.muster.spi.consensus.ConsensusServer;
import io.muster.spi.consensus.LeadershipListener;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.raft.election.BaseElection;
import org.jgroups.raft.Options;
import org.jgroups.raft.RaftHandle;
import org.jgroups.raft.util.Utils;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Consensus on jgroups-raft: a fsync'd file log under {@code data-dir/raft/}, snapshots past
 * {@code raft.snapshot_threshold}, a TCP/TCPPING channel on {@code ports.raft} (see {@link RaftSettings}).
 * <p>
 * Writes: {@link #apply} wraps the command with this server's client id and a seq, proposes it through REDIRECT
 * (forwarded to the leader) and completes when this server's own state machine applies it. Any attempt that
 * fails or stalls (no leader, leader changed, REDIRECT never answers) is retried with the same seq until
 * {@code raft.apply_timeout}: a retry may put the command in the log twice, and the replicated {@link DedupeTable}
 * applies it once. That keeps acknowledged writes from being lost on leader change without applying any twice.
 * <p>
 * Consistent reads: {@link #readBarrier} commits a no-op {@link CommandEnvelope.Kind#BARRIER} through the log.
 * Only a leader whose term a majority still accepts can commit it, and it completes after this server applied it,
 * so a follower's state is then at least as new as the leader's when the barrier started (an old leader paused
 * with SIGSTOP cannot pass it). jgroups-raft's own read-only path counts acks without checking who sent them,
 * which is why it is not used.
 */
@Extension
public final class RaftConsensus implements Consensus {
    private static final Logger LOG = LoggerFactory.getLogger(RaftConsensus.class);
    private static final long POLL_MILLIS = 100;

    private enum State { NEW, WAITING, RUNNING, STOPPED }

    private final LongSupplier nowMillis;
    private final MemberTable members = new MemberTable();
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    private volatile State state = State.NEW;
    private ConsensusContext context;
    private RaftSettings settings;
    private PendingRequests pending;
    private LeaderTracker tracker;
    private ScheduledExecutorService scheduler;
    private volatile IndexedRaft raft;
    private volatile JChannel channel;
    private volatile RaftHandle handle;
    private volatile StateMachineBridge bridge;
    private volatile ContactProtocol contact;
    private String waitingReason = "";
    private List<String> writtenVoters = List.of();

    public RaftConsensus() {
        this(System::currentTimeMillis);
    }

    RaftConsensus(LongSupplier nowMillis) {
        this.nowMillis = nowMillis;
    }

    @Override
    public String name() {
        return "raft";
    }

    @Override
    public void start(ConsensusContext ctx) throws Exception {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("raft consensus on " + ctx.nodeName() + " was already started");
            }
            context = ctx;
            settings = RaftSettings.from(ctx);
            members.putAll(settings.servers());
            pending = new PendingRequests(new SecureRandom().nextLong());
            tracker = new LeaderTracker(settings.nodeName(), nowMillis);
            ScheduledThreadPoolExecutor glue = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "raft-glue-" + settings.nodeName());
                t.setDaemon(true);
                return t;
            });
            glue.setRemoveOnCancelPolicy(true);
            scheduler = glue;
            state = State.WAITING;
            try {
                tryStartChannel();
            } catch (Exception | Error e) {
                state = State.STOPPED;
                scheduler.shutdownNow();
                throw e;
            }
            scheduler.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Starts the channel when the bootstrap plan allows it; called at start and when servers are learnt. */
    private void tryStartChannel() throws Exception {
        Optional<Path> dir = settings.raftDir();
        Optional<List<ConsensusServer>> peersJson = Optional.empty();
        Optional<List<String>> persisted = Optional.empty();
        if (dir.isPresent()) {
            peersJson = PeersFile.readPeersJson(dir.get(),
                    (int) context.config().number("ports.server", RaftSettings.DEFAULT_SERVER_PORT));
            persisted = PeersFile.readVoters(dir.get());
        }
        for (ConsensusServer peer : peersJson.orElse(List.of())) {
            // peers.json names raft addresses only: keep the RPC address already known for that id
            members.put(new ConsensusServer(peer.id(), peer.consensusAddress(),
                    members.get(peer.id()).map(ConsensusServer::rpcAddress).orElse(peer.rpcAddress())));
        }
        BootstrapPlan plan = BootstrapPlan.decide(settings.nodeName(), settings.bootstrap(),
                settings.bootstrapExpect(), peersJson.map(l -> l.stream().map(ConsensusServer::id).toList()),
                persisted, members.ids());
        if (plan.mode() == BootstrapPlan.Mode.WAIT) {
            if (!plan.reason().equals(waitingReason)) {
                LOG.info("raft: {}", plan.reason());
            }
            waitingReason = plan.reason();
            return;
        }
        LOG.info("raft: {} ({})", plan.mode(), plan.reason());
        startChannel(plan);
        if (plan.mode() == BootstrapPlan.Mode.RECOVER) {
            // the log and snapshot replayed at connect may carry older configurations: peers.json wins
            raft.dropUncommittedTail();
            raft.members(plan.voters());
            // the election at connect counted the replayed (larger) set and found no majority: vote again
            BaseElection election = channel.getProtocolStack().findProtocol(BaseElection.class);
            if (election != null) {
                election.startVotingThread();
            }
            PeersFile.markApplied(dir.orElseThrow());
            LOG.warn("raft: recovered from peers.json; voters are now {}", plan.voters());
        }
        persistVoters();
    }

    private void startChannel(BootstrapPlan plan) throws Exception {
        IndexedRaft r = new IndexedRaft();
        r.raftId(settings.nodeName());
        r.members(plan.voters());
        r.resendInterval(settings.resendInterval().toMillis());
        r.maxLogSize(settings.snapshotThreshold());
        if (settings.raftDir().isPresent()) {
            Files.createDirectories(settings.raftDir().get());
            r.logDir(settings.raftDir().get().toString());
            r.logClass(SnapshotSafeFileLog.class.getName());
            r.logUseFsync(true);
        } else {
            // a -dev agent without a data dir: nothing survives a restart anyway
            r.logClass("org.jgroups.protocols.raft.InMemoryLog");
            r.logUseFsync(false);
        }
        StateMachineBridge b = new StateMachineBridge(context.stateMachine(), pending, r::applyingIndex, r::commitIndex);
        ContactProtocol c = new ContactProtocol(() -> tracker.heardFromLeader());
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        // jgroups resolves protocol and header classes through the context class loader
        current.setContextClassLoader(RaftConsensus.class.getClassLoader());
        JChannel ch = null;
        try {
            ch = RaftStack.create(settings, r, c, raftHosts());
            RaftHandle h = new RaftHandle(ch, b);
            r.addRoleListener(role -> scheduler.execute(this::refreshLeader));
            ch.connect(settings.clusterName());
            raft = r;
            bridge = b;
            contact = c;
            handle = h;
            channel = ch;
            state = State.RUNNING;
        } catch (Exception e) {
            if (ch != null) {
                ch.close();
            }
            throw new IllegalStateException("raft: could not start on " + settings.bindHost() + ":"
                    + settings.raftPort() + " (ports.raft) with log dir " + settings.raftDir().map(Path::toString)
                    .orElse("(in memory)") + ": " + e.getMessage(), e);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    private List<InetSocketAddress> raftHosts() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (ConsensusServer s : members.all()) {
            String where = "raft address of server " + s.id();
            out.add(new InetSocketAddress(RaftSettings.hostOf(s.consensusAddress(), where),
                    RaftSettings.portOf(s.consensusAddress(), where)));
        }
        return out;
    }

    private void poll() {
        try {
            if (state == State.WAITING) {
                synchronized (lock) {
                    if (state == State.WAITING) {
                        tryStartChannel();
                    }
                }
                return;
            }
            if (state == State.RUNNING) {
                refreshLeader();
                persistVoters();
                compactIfDue();
            }
        } catch (Exception e) {
            LOG.error("raft: background check on {} failed: {}", settings.nodeName(), e.toString(), e);
        }
    }

    private void refreshLeader() {
        IndexedRaft r = raft;
        if (r == null || state != State.RUNNING) {
            return;
        }
        Address leaderAddress = r.leader();
        contact.leader(leaderAddress);
        String id = leaderAddress == null ? null : Utils.extractRaftId(leaderAddress);
        tracker.leaderIs(id).ifPresent(change -> {
            if (change.isLeader()) {
                confirmLeadership();
            }
            Optional<String> rpc = change.leaderId().map(members::rpcAddressOf);
            LOG.info("raft: {}", change.isLeader() ? "this server (" + settings.nodeName() + ") is the leader"
                    : rpc.map(a -> "leader is " + change.leaderId().orElseThrow() + " at " + a)
                    .orElse("no leader"));
            for (LeadershipListener l : listeners) {
                try {
                    l.leadershipChanged(change.isLeader(), rpc);
                } catch (RuntimeException e) {
                    LOG.warn("raft: leadership listener {} failed: {}", l, e.toString(), e);
                }
            }
        });
    }

    private boolean snapshotRunning;

    /** Snapshot and truncate the log past raft.snapshot_threshold, on raft's runner between requests. */
    private void compactIfDue() {
        IndexedRaft r = raft;
        StateMachineBridge b = bridge;
        // Writes wait while a snapshot runs: the state is serialized and written (compaction itself is under 1 ms,
        // see SnapshotSafeFileLog). Letting the log grow to twice the state first bounds that work to half the bytes
        // written.
        if (r == null || b == null || snapshotRunning
                || !r.snapshotDue(Math.max(settings.snapshotThreshold(), 2 * b.lastStateBytes()))) {
            return;
        }
        snapshotRunning = true;
        long started = System.nanoTime();
        long index = r.commitIndex();
        r.snapshotAsync().whenComplete((ok, error) -> {
            snapshotRunning = false;
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (error != null) {
                LOG.error("raft: snapshot on {} at index {} failed after {} ms, the log keeps growing: {}",
                        settings.nodeName(), index, millis, error.toString(), error);
            } else {
                // writes wait while it runs (on raft's runner): worth seeing when tuning raft.snapshot_threshold
                LOG.info("raft: snapshot on {} at index {} written, log truncated in {} ms", settings.nodeName(),
                        index, millis);
            }
        });
    }

    /**
     * Raft's no-op at the start of a term: commits entries of earlier terms and, through the AppendEntries it
     * sends, makes a server that wrongly believes it leads (seen after a full restart: jgroups-raft's idle leader
     * sends nothing, so nobody corrects it) learn the current term and step down.
     */
    private void confirmLeadership() {
        propose(CommandEnvelope.Kind.BARRIER, new byte[0]).whenComplete((ok, error) -> {
            if (error != null && state != State.STOPPED) {
                LOG.warn("raft: {} could not confirm its leadership with a no-op entry: {}", settings.nodeName(),
                        error.getMessage());
            }
        });
        recordVoters();
    }

    /**
     * jgroups-raft keeps the initial voter set outside the log (each server starts with a member list) yet
     * replicates to every server in the JGroups view, learners included: a learner that replays the log from index 1
     * built its voter set from the later changes alone (seen: [j2, j3], without the bootstrap server), persisted it
     * and resumed with it. Re-adding the current voters (a no-op for members) puts the whole configuration in the
     * log, ahead of any change this leader makes.
     */
    private void recordVoters() {
        IndexedRaft r = raft;
        if (r == null) {
            return;
        }
        for (String id : new java.util.TreeSet<>(r.members())) {
            changeMembership(() -> handle.addServer(id), "record voter " + id).whenComplete((ok, error) -> {
                if (error != null && state != State.STOPPED) {
                    LOG.warn("raft: {} could not record voter {} in the log: {}", settings.nodeName(), id,
                            error.getMessage());
                }
            });
        }
    }

    private void persistVoters() throws IOException {
        IndexedRaft r = raft;
        if (r == null || settings.raftDir().isEmpty()) {
            return;
        }
        List<String> voters = List.copyOf(r.members());
        if (!voters.equals(writtenVoters) && !voters.isEmpty()) {
            PeersFile.writeVoters(settings.raftDir().get(), voters);
            writtenVoters = voters;
        }
    }

    @Override
    public CompletionStage<Object> apply(byte[] command) {
        return propose(CommandEnvelope.Kind.COMMAND, command);
    }

    @Override
    public CompletionStage<Void> readBarrier() {
        return propose(CommandEnvelope.Kind.BARRIER, new byte[0]).thenApply(ignored -> null);
    }

    private CompletableFuture<Object> propose(CommandEnvelope.Kind kind, byte[] payload) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (state != State.RUNNING) {
            result.completeExceptionally(notRunning());
            return result;
        }
        long seq = pending.register(result);
        long timeoutMillis = settings.applyTimeout().toMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        ScheduledFuture<?> expiry = scheduler.schedule(() -> pending.failed(seq, timeout(kind, timeoutMillis)),
                timeoutMillis, TimeUnit.MILLISECONDS);
        result.whenComplete((value, error) -> expiry.cancel(false));
        attempt(() -> {
            byte[] entry = new CommandEnvelope(kind, pending.clientId(), seq, pending.floor(), payload).encode();
            return handle.setAsync(entry, 0, entry.length, Options.create(true));
        }, () -> pending.isPending(seq), deadline, 1, ignored -> {
            // the leader committed it; the result comes from this server's own apply
        }, failure -> pending.failed(seq, failure));
        return result;
    }

    /**
     * Runs {@code op} until it succeeds, {@code stillWanted} turns false or the deadline passes. Each attempt gets a
     * quarter of the apply timeout (at least 1 s): REDIRECT never times out by itself.
     */
    private void attempt(Callable<CompletableFuture<byte[]>> op, BooleanSupplier stillWanted,
                         long deadline, int n, Consumer<byte[]> onSuccess,
                         Consumer<Throwable> onGiveUp) {
        if (!stillWanted.getAsBoolean() || state != State.RUNNING) {
            return;
        }
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            return;
        }
        long perAttempt = Math.min(remaining, Math.max(1000, settings.applyTimeout().toMillis() / 4));
        CompletableFuture<byte[]> f;
        try {
            f = op.call();
        } catch (Exception e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.orTimeout(perAttempt, TimeUnit.MILLISECONDS).whenComplete((value, error) -> {
            if (error == null) {
                onSuccess.accept(value);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (!retryable(cause)) {
                onGiveUp.accept(cause);
                return;
            }
            long backoff = Math.min(500, 25L << Math.min(n, 4));
            try {
                scheduler.schedule(() -> attempt(op, stillWanted, deadline, n + 1, onSuccess, onGiveUp),
                        backoff, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                onGiveUp.accept(notRunning());
            }
        });
    }

    /** Leader missing or changed, request lost in transit: retrying with the same request id is safe. */
    private static boolean retryable(Throwable t) {
        return !(t instanceof IllegalArgumentException || t instanceof UnsupportedOperationException);
    }

    private Exception timeout(CommandEnvelope.Kind kind, long timeoutMillis) {
        String what = kind == CommandEnvelope.Kind.BARRIER ? "consistent-read barrier" : "command";
        Optional<String> leader = tracker.leaderId();
        if (leader.isEmpty()) {
            return new TimeoutException("No cluster leader: raft on " + settings.nodeName() + " found no leader"
                    + " within " + timeoutMillis + " ms (raft.apply_timeout) for a " + what + "; a majority of"
                    + " the servers " + servers() + " must be running and reachable on ports.raft");
        }
        return new TimeoutException("raft on " + settings.nodeName() + ": " + what + " not applied within "
                + timeoutMillis + " ms (raft.apply_timeout) with leader " + leader.get() + "; its outcome is"
                + " unknown (it may still apply). Check that a majority of " + servers() + " is reachable");
    }

    private Exception notRunning() {
        if (state == State.WAITING) {
            return new IllegalStateException("No cluster leader: raft on " + settings.nodeName()
                    + " has not formed a cluster yet (" + waitingReason + ")");
        }
        return new IllegalStateException("raft consensus on "
                + (settings == null ? "this server" : settings.nodeName()) + " is " + state.name().toLowerCase()
                + "; start it first");
    }

    @Override
    public java.util.Map<String, io.muster.spi.consensus.ServerProgress> serverProgress() {
        IndexedRaft r = raft;
        ContactProtocol c = contact;
        if (r == null || c == null || !isLeader() || r.commitTable() == null) {
            return java.util.Map.of();
        }
        long term = r.currentTerm();
        long now = System.nanoTime();
        java.util.Map<String, io.muster.spi.consensus.ServerProgress> progress = new java.util.TreeMap<>();
        progress.put(r.raftId(), new io.muster.spi.consensus.ServerProgress(0, r.lastAppended(), term));
        r.commitTable().forEach((address, entry) -> {
            String id = String.valueOf(address);
            Long heard = c.lastHeardNanos(id);
            // never heard from since this server led: as stale as autopilot can say without a contact time
            long contactMillis = heard == null ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(now - heard);
            progress.put(id, new io.muster.spi.consensus.ServerProgress(contactMillis, entry.matchIndex(), term));
        });
        return progress;
    }

    @Override
    public boolean isLeader() {
        IndexedRaft r = raft;
        return r != null && state == State.RUNNING && r.isLeader();
    }

    @Override
    public Optional<String> leader() {
        IndexedRaft r = raft;
        if (r == null || state != State.RUNNING) {
            return Optional.empty();
        }
        Address a = r.leader();
        return a == null ? Optional.empty() : Optional.ofNullable(Utils.extractRaftId(a)).map(members::rpcAddressOf);
    }

    /** Id of the current leader (its node name), for tests and operator views. */
    Optional<String> leaderId() {
        IndexedRaft r = raft;
        Address a = r == null ? null : r.leader();
        return a == null ? Optional.empty() : Optional.ofNullable(Utils.extractRaftId(a));
    }

    @Override
    public List<String> servers() {
        IndexedRaft r = raft;
        if (r == null) {
            return List.of();
        }
        return voters().stream().map(ConsensusServer::rpcAddress).toList();
    }

    @Override
    public List<ConsensusServer> voters() {
        IndexedRaft r = raft;
        if (r == null) {
            return List.of();
        }
        return r.members().stream().sorted().map(id -> members.get(id)
                .orElse(new ConsensusServer(id, id, id))).toList();
    }

    @Override
    public long lastContactMillis() {
        return tracker == null ? 0 : tracker.lastContactMillis();
    }

    @Override
    public CompletionStage<Void> addVoter(String id, String address) {
        int serverPort = (int) context.config().number("ports.server", RaftSettings.DEFAULT_SERVER_PORT);
        ConsensusServer server = new ConsensusServer(id, address,
                members.get(id).map(ConsensusServer::rpcAddress)
                        .orElse(RaftSettings.hostOf(address, "addVoter " + id) + ":" + serverPort));
        RaftSettings.portOf(address, "addVoter " + id);
        if (members.put(server) && channel != null) {
            RaftStack.updateInitialHosts(channel, raftHosts());
        }
        // A joining server first forms a JGroups view of its own (it knew no peer yet); until MERGE3 merges the views
        // the leader cannot reach it, and a voter it cannot reach would cost the cluster its quorum (with one
        // server: at once). So the leader adds it only once it is in the leader's view.
        return inView(id, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(VIEW_WAIT_MILLIS))
                .thenCompose(ignored -> addVoterNow(id));
    }

    /** Time a joining server gets to appear in the leader's JGroups view (MERGE3 runs every 2-5 s). */
    private static final long VIEW_WAIT_MILLIS = 60_000;

    private CompletionStage<Void> addVoterNow(String id) {
        // jgroups-raft replicates membership changes, not the initial voter set: snapshot first so the new server
        // receives the full set (in the snapshot) instead of replaying the log onto an empty configuration
        return changeMembership(() -> isLeader()
                ? raft.snapshotAsync().thenCompose(done -> addServer(id))
                : handle.addServer(id), "add voter " + id);
    }

    private CompletableFuture<Void> inView(String id, long deadlineNanos) {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                JChannel ch = channel;
                if (state != State.RUNNING || ch == null) {
                    seen.completeExceptionally(notRunning());
                } else if (ch.getView() != null
                        && ch.getView().getMembers().stream().anyMatch(a -> id.equals(String.valueOf(a)))) {
                    seen.complete(null);
                } else if (System.nanoTime() > deadlineNanos) {
                    seen.completeExceptionally(new TimeoutException("raft on " + settings.nodeName() + ": server "
                            + id + " did not reach this server's JGroups view within " + VIEW_WAIT_MILLIS
                            + " ms; check that ports.raft (" + settings.raftPort() + ") is reachable between servers"));
                } else {
                    scheduler.schedule(this, 200, TimeUnit.MILLISECONDS);
                }
            }
        };
        check.run();
        return seen;
    }

    private CompletableFuture<byte[]> addServer(String id) {
        try {
            return handle.addServer(id);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Void> removeVoter(String id) {
        return changeMembership(() -> handle.removeServer(id), "remove voter " + id);
    }

    private CompletionStage<Void> changeMembership(Callable<CompletableFuture<byte[]>> op, String what) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (state != State.RUNNING) {
            done.completeExceptionally(notRunning());
            return done;
        }
        long timeoutMillis = settings.applyTimeout().toMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        scheduler.schedule(() -> done.completeExceptionally(new TimeoutException("raft on " + settings.nodeName()
                + ": could not " + what + " within " + timeoutMillis + " ms (raft.apply_timeout); is there a"
                + " leader? It may still take effect")), timeoutMillis, TimeUnit.MILLISECONDS);
        // adding or removing a server is idempotent in jgroups-raft, so every failure may be retried
        attempt(op, () -> !done.isDone(), deadline, 1, ignored -> done.complete(null), done::completeExceptionally);
        return done;
    }

    @Override
    public void serversChanged(List<ConsensusServer> known) {
        if (!members.putAll(known)) {
            return;
        }
        JChannel ch = channel;
        if (ch != null) {
            RaftStack.updateInitialHosts(ch, raftHosts());
        }
        // a server waiting for bootstrap_expect re-plans on its next poll
    }

    @Override
    public void addLeadershipListener(LeadershipListener listener) {
        listeners.add(listener);
    }

    /** Local raft index last applied (test and metrics view). */
    long lastAppliedRaftIndex() {
        StateMachineBridge b = bridge;
        return b == null ? 0 : b.lastIndex();
    }

    /** Triggers a snapshot and log compaction now (tests; operators rely on raft.snapshot_threshold). */
    void snapshotNow() throws Exception {
        IndexedRaft r = raft;
        if (r == null) {
            throw notRunning();
        }
        r.snapshot();
    }

    IndexedRaft raft() {
        return raft;
    }

    @Override
    public void stop() {
        JChannel ch;
        synchronized (lock) {
            if (state == State.STOPPED || state == State.NEW) {
                state = State.STOPPED;
                return;
            }
            state = State.STOPPED;
            ch = channel;
        }
        scheduler.shutdownNow();
        pending.failAll(new IllegalStateException("raft consensus on " + settings.nodeName()
                + " stopped before the command was applied; its outcome is unknown"));
        if (ch != null) {
            Thread current = Thread.currentThread();
            ClassLoader previous = current.getContextClassLoader();
            current.setContextClassLoader(RaftConsensus.class.getClassLoader());
            try {
                ch.close();
            } finally {
                current.setContextClassLoader(previous);
            }
        }
    }
}
