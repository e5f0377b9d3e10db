package io.muster.raft;

import io.muster.spi.consensus.ConsensusServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The glue's state machines, driven step by step: no network, no threads, time from a counter. */
class GlueTest {
    private static final long ME = 42;
    private static final long OTHER = 7;

    @Test
    void envelopeRoundTripsAndRejectsGarbage() {
        CommandEnvelope e = new CommandEnvelope(CommandEnvelope.Kind.COMMAND, ME, 5, 3, new byte[]{1, 2, 3});
        byte[] wire = e.encode();
        byte[] padded = new byte[wire.length + 4];
        System.arraycopy(wire, 0, padded, 2, wire.length);
        CommandEnvelope back = CommandEnvelope.decode(padded, 2, wire.length);
        assertThat(back.kind()).isEqualTo(CommandEnvelope.Kind.COMMAND);
        assertThat(back.clientId()).isEqualTo(ME);
        assertThat(back.seq()).isEqualTo(5);
        assertThat(back.floor()).isEqualTo(3);
        assertThat(back.payload()).containsExactly(1, 2, 3);

        assertThatThrownBy(() -> CommandEnvelope.decode(new byte[]{1, 2, 3}, 0, 3))
                .hasMessageContaining("shorter than");
        wire[0] = 'X';
        assertThatThrownBy(() -> CommandEnvelope.decode(wire, 0, wire.length)).hasMessageContaining("corrupt");
    }

    @Test
    void dedupeAdmitsEachRequestOnceEvenOutOfOrder() {
        DedupeTable t = new DedupeTable();
        assertThat(t.admit(ME, 2, 1, 10)).isTrue();
        assertThat(t.admit(ME, 1, 1, 11)).isTrue();
        assertThat(t.admit(ME, 2, 1, 12)).as("retried seq 2").isFalse();
        assertThat(t.admit(OTHER, 2, 1, 13)).as("same seq, other proposer").isTrue();
        assertThat(t.admit(ME, 1, 1, 14)).as("retried seq 1").isFalse();
    }

    @Test
    void dedupeFloorForgetsSettledSeqsAndRefusesStaleOnes() {
        DedupeTable t = new DedupeTable();
        t.admit(ME, 1, 1, 1);
        t.admit(ME, 2, 1, 2);
        t.admit(ME, 3, 1, 3);
        assertThat(t.trackedSeqs(ME)).isEqualTo(3);
        // proposer says everything below 4 is settled (seq 0 given up after a timeout, for instance)
        assertThat(t.admit(ME, 5, 4, 4)).isTrue();
        assertThat(t.trackedSeqs(ME)).isEqualTo(1);
        assertThat(t.admit(ME, 3, 1, 5)).as("a late copy of a settled seq").isFalse();
        assertThat(t.admit(ME, 4, 1, 6)).as("seq 4 still pending at the proposer").isTrue();
    }

    @Test
    void dedupeForgetsSilentProposersByIndexAndSurvivesSnapshots() throws Exception {
        DedupeTable t = new DedupeTable();
        t.admit(OTHER, 1, 1, 1);
        t.admit(ME, 1, 1, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.writeTo(new DataOutputStream(bytes));
        DedupeTable restored = new DedupeTable();
        restored.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.admit(ME, 1, 1, 3)).as("duplicate after restore").isFalse();
        assertThat(restored.proposerCount()).isEqualTo(2);

        restored.admit(ME, 2, 1, DedupeTable.FORGET_AFTER + 10);
        assertThat(restored.proposerCount()).as("OTHER silent for longer than FORGET_AFTER").isEqualTo(1);
    }

    @Test
    void pendingFloorIsLowestOutstandingSeq() {
        PendingRequests p = new PendingRequests(ME);
        assertThat(p.floor()).isEqualTo(1);
        CompletableFuture<Object> a = new CompletableFuture<>();
        CompletableFuture<Object> b = new CompletableFuture<>();
        long s1 = p.register(a);
        long s2 = p.register(b);
        assertThat(p.floor()).isEqualTo(s1);
        assertThat(p.applied(s1, "r1")).isTrue();
        assertThat(a).isCompletedWithValue("r1");
        assertThat(p.floor()).isEqualTo(s2);
        assertThat(p.applied(s1, "again")).as("already settled").isFalse();
        p.failed(s2, new IllegalStateException("x"));
        assertThat(b).isCompletedExceptionally();
        assertThat(p.floor()).isEqualTo(s2 + 1);
    }

    @Test
    void leaderTrackerMeasuresContactWithTheInjectedClock() {
        AtomicLong now = new AtomicLong(1_000);
        LeaderTracker t = new LeaderTracker("n1", now::get);
        now.addAndGet(300);
        assertThat(t.lastContactMillis()).as("no leader yet: since start").isEqualTo(300);
        assertThat(t.leaderIs("n2")).contains(new LeaderTracker.Change(false, Optional.of("n2")));
        assertThat(t.leaderIs("n2")).as("no change").isEmpty();
        now.addAndGet(250);
        assertThat(t.lastContactMillis()).isEqualTo(250);
        t.heardFromLeader();
        now.addAndGet(40);
        assertThat(t.lastContactMillis()).isEqualTo(40);
        assertThat(t.leaderIs("n1")).contains(new LeaderTracker.Change(true, Optional.of("n1")));
        assertThat(t.lastContactMillis()).as("the leader itself").isZero();
        assertThat(t.leaderIs(null)).contains(new LeaderTracker.Change(false, Optional.empty()));
        now.addAndGet(70);
        assertThat(t.lastContactMillis()).isEqualTo(70);
    }

    @Test
    void bootstrapPlans() {
        Optional<List<String>> none = Optional.empty();
        assertThat(BootstrapPlan.decide("a", true, 0, none, none, List.of("b")))
                .isEqualTo(new BootstrapPlan(BootstrapPlan.Mode.FORM, List.of("a"),
                        "bootstrap: this server forms a cluster alone"));
        BootstrapPlan wait = BootstrapPlan.decide("a", false, 3, none, none, List.of("b"));
        assertThat(wait.mode()).isEqualTo(BootstrapPlan.Mode.WAIT);
        assertThat(wait.reason()).contains("waiting for 1 more");
        BootstrapPlan form = BootstrapPlan.decide("b", false, 3, none, none, List.of("c", "a"));
        assertThat(form.mode()).isEqualTo(BootstrapPlan.Mode.FORM);
        assertThat(form.voters()).as("every server derives the same sorted set").containsExactly("a", "b", "c");
        assertThat(BootstrapPlan.decide("a", false, 3, none, Optional.of(List.of("a", "b", "c")), List.of()).mode())
                .as("a restart resumes without waiting for bootstrap_expect").isEqualTo(BootstrapPlan.Mode.RESUME);
        BootstrapPlan recover = BootstrapPlan.decide("a", false, 3, Optional.of(List.of("c", "a")),
                Optional.of(List.of("a", "b", "c")), List.of());
        assertThat(recover.mode()).isEqualTo(BootstrapPlan.Mode.RECOVER);
        assertThat(recover.voters()).containsExactly("a", "c");
        BootstrapPlan join = BootstrapPlan.decide("d", false, 0, none, none, List.of("a", "b"));
        assertThat(join.mode()).isEqualTo(BootstrapPlan.Mode.JOIN);
        assertThat(join.voters()).as("the voter set comes from the leader's snapshot").isEmpty();
        BootstrapPlan alone = BootstrapPlan.decide("d", false, 0, none, none, List.of());
        assertThat(alone.mode()).as("a joiner that knows no server yet must not form a view of its own")
                .isEqualTo(BootstrapPlan.Mode.WAIT);
        assertThat(alone.reason()).contains("waiting to learn a server");
    }

    @Test
    void settingsParseServersAndRejectBadValues() {
        ConsensusServer s = RaftSettings.parseServer("n2=127.0.0.2:8305", 8300);
        assertThat(s).isEqualTo(new ConsensusServer("n2", "127.0.0.2:8305", "127.0.0.2:8300"));
        assertThat(RaftSettings.parseServer("n3=10.0.0.3:9000/10.0.0.3:9300", 8300).rpcAddress())
                .isEqualTo("10.0.0.3:9300");
        assertThatThrownBy(() -> RaftSettings.parseServer("n2", 8300)).hasMessageContaining("raft.servers");
        assertThatThrownBy(() -> RaftSettings.parseServer("n2=host:99999", 8300)).hasMessageContaining("1-65535");

        TestContext ctx = new TestContext(new CounterStateMachine(), new MapConfig(Map.of(
                "raft.servers", List.of("n2=127.0.0.1:9002"), "ports.raft", 9001, "raft.apply_timeout", "3s")),
                "n1", "127.0.0.1:8300", Optional.of(Path.of("/data")));
        RaftSettings settings = RaftSettings.from(ctx);
        assertThat(settings.raftPort()).isEqualTo(9001);
        assertThat(settings.bindHost()).isEqualTo("127.0.0.1");
        assertThat(settings.raftDir()).contains(Path.of("/data/raft"));
        assertThat(settings.applyTimeout()).hasSeconds(3);
        assertThat(settings.snapshotThreshold()).isEqualTo(8L * 1024 * 1024);
        assertThat(settings.servers()).extracting(ConsensusServer::id).containsExactlyInAnyOrder("n1", "n2");

        TestContext badPort = new TestContext(new CounterStateMachine(), new MapConfig(Map.of("ports.raft", 0)),
                "n1", "127.0.0.1:8300", Optional.empty());
        assertThatThrownBy(() -> RaftSettings.from(badPort)).hasMessageContaining("ports.raft");
    }

    @Test
    void peersJsonAndVotersFile() throws Exception {
        List<ConsensusServer> peers = PeersFile.parsePeersJson("""
                [ {"id": "n1", "address": "10.0.0.1:8305", "non_voter": false},
                  {"address": "10.0.0.2:8305", "id": "n2"} ]""", "peers.json", 8300);
        assertThat(peers).containsExactly(new ConsensusServer("n1", "10.0.0.1:8305", "10.0.0.1:8300"),
                new ConsensusServer("n2", "10.0.0.2:8305", "10.0.0.2:8300"));
        assertThatThrownBy(() -> PeersFile.parsePeersJson("[{\"id\": \"n1\"}]", "peers.json", 8300))
                .hasMessageContaining("needs \"id\"");
        assertThatThrownBy(() -> PeersFile.parsePeersJson("[]", "peers.json", 8300))
                .hasMessageContaining("lists no servers");

        Path dir = Files.createTempDirectory("raft-voters");
        try {
            assertThat(PeersFile.readVoters(dir)).isEmpty();
            PeersFile.writeVoters(dir, List.of("a", "b"));
            assertThat(PeersFile.readVoters(dir)).contains(List.of("a", "b"));
        } finally {
            Files.deleteIfExists(dir.resolve(PeersFile.VOTERS));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void bridgeAppliesOnceWithRaftIndexAndCompletesOnlyLocalProposals() throws Exception {
        CounterStateMachine kernel = new CounterStateMachine();
        PendingRequests pending = new PendingRequests(ME);
        AtomicLong index = new AtomicLong();
        StateMachineBridge bridge = new StateMachineBridge(kernel, pending, index::get, index::get);

        CompletableFuture<Object> mine = new CompletableFuture<>();
        long seq = pending.register(mine);
        byte[] entry = new CommandEnvelope(CommandEnvelope.Kind.COMMAND, ME, seq, seq, CounterStateMachine.inc("k"))
                .encode();
        index.set(5);
        bridge.apply(entry, 0, entry.length, true);
        assertThat(mine).isCompletedWithValue(1L);
        assertThat(kernel.lastAppliedIndex()).isEqualTo(5);
        index.set(6);
        bridge.apply(entry, 0, entry.length, true); // the same request, appended again by a retry
        assertThat(kernel.counters()).containsEntry("k", 1L);
        assertThat(bridge.lastIndex()).isEqualTo(6);

        byte[] other = new CommandEnvelope(CommandEnvelope.Kind.COMMAND, OTHER, 1, 1, CounterStateMachine.inc("k"))
                .encode();
        index.set(7);
        bridge.apply(other, 0, other.length, true);
        assertThat(kernel.counters()).containsEntry("k", 2L);

        CompletableFuture<Object> failing = new CompletableFuture<>();
        long failSeq = pending.register(failing);
        byte[] bad = new CommandEnvelope(CommandEnvelope.Kind.COMMAND, ME, failSeq, failSeq,
                CounterStateMachine.inc("fail")).encode();
        index.set(8);
        bridge.apply(bad, 0, bad.length, true);
        assertThat(failing).isCompletedExceptionally();

        CompletableFuture<Object> barrier = new CompletableFuture<>();
        long bSeq = pending.register(barrier);
        byte[] b = new CommandEnvelope(CommandEnvelope.Kind.BARRIER, ME, bSeq, bSeq, new byte[0]).encode();
        index.set(9);
        bridge.apply(b, 0, b.length, true);
        assertThat(barrier).isCompletedWithValue(null);
        assertThat(kernel.appliedCommands()).as("barriers never reach the kernel").isEqualTo(3);
    }

    @Test
    void bridgeSnapshotCarriesKernelStateAndDedupe() throws Exception {
        CounterStateMachine kernel = new CounterStateMachine();
        AtomicLong index = new AtomicLong(3);
        StateMachineBridge bridge = new StateMachineBridge(kernel, new PendingRequests(ME), index::get, () -> 11);
        byte[] entry = new CommandEnvelope(CommandEnvelope.Kind.COMMAND, OTHER, 1, 1, CounterStateMachine.inc("x"))
                .encode();
        bridge.apply(entry, 0, entry.length, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bridge.writeContentTo(new DataOutputStream(bytes));

        CounterStateMachine kernel2 = new CounterStateMachine();
        StateMachineBridge restored = new StateMachineBridge(kernel2, new PendingRequests(ME), index::get, index::get);
        restored.readContentFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(kernel2.counters()).containsEntry("x", 1L);
        assertThat(restored.lastIndex()).isEqualTo(3);
        assertThat(restored.snapshotIndex()).as("the commit index when the snapshot was written").isEqualTo(11);
        index.set(4);
        restored.apply(entry, 0, entry.length, false);
        assertThat(kernel2.counters()).as("duplicate recognised after restore").containsEntry("x", 1L);

        byte[] garbage = new byte[]{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> restored.readContentFrom(new DataInputStream(new ByteArrayInputStream(garbage))))
                .hasMessageContaining("not written by Muster");
    }

    @Test
    void bridgeAppliesEntriesWhenTheKernelsIndexIsAheadOfTheLog() {
        // an API snapshot restore leaves the kernel's data index (here 1000) above the raft log position
        java.util.List<Long> applied = new java.util.ArrayList<>();
        io.muster.spi.consensus.StateMachine ahead = new io.muster.spi.consensus.StateMachine() {
            @Override public Object apply(long index, byte[] command) { applied.add(index); return true; }
            @Override public void snapshot(java.io.OutputStream out) { }
            @Override public void restore(java.io.InputStream in) { }
            @Override public long lastAppliedIndex() { return 1000; }
        };
        PendingRequests pending = new PendingRequests(ME);
        AtomicLong index = new AtomicLong(6);
        StateMachineBridge bridge = new StateMachineBridge(ahead, pending, index::get, index::get);
        CompletableFuture<Object> write = new CompletableFuture<>();
        long seq = pending.register(write);
        byte[] entry = new CommandEnvelope(CommandEnvelope.Kind.COMMAND, ME, seq, seq, new byte[]{1}).encode();
        bridge.apply(entry, 0, entry.length, true);
        assertThat(write).isCompletedWithValue(true);
        assertThat(applied).containsExactly(6L);

        bridge.apply(entry, 0, entry.length, true); // the same log position again (a replay): skipped
        assertThat(applied).containsExactly(6L);
    }
}
