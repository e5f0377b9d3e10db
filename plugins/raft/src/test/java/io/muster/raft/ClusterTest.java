package io.muster.raft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Three raft servers in this JVM on 127.0.0.1 with fsync on, driving an in-test counter state machine. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterTest {
    private static final Map<String, Object> BASE = Map.of("bootstrap_expect", 3, "raft.apply_timeout", "8s");
    private static final Duration SETTLE = Duration.ofSeconds(20);

    @BeforeEach
    void announce(TestInfo test) {
        System.out.println("=== " + test.getDisplayName());
    }

    @Test
    void membersConvergeAndAllRestartFromTheirDataDirs() throws Exception {
        try (TestCluster c = new TestCluster(3, BASE).startAll()) {
            TestCluster.Node leader = await().atMost(SETTLE).until(c::agreedLeader, o -> o.isPresent()).orElseThrow();
            List<CompletableFuture<Object>> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                TestCluster.Node via = c.nodes.get(i % 3); // followers forward through REDIRECT
                results.add(via.consensus.apply(CounterStateMachine.inc("k" + (i % 5))).toCompletableFuture());
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertThat(results).extracting(CompletableFuture::join).allSatisfy(r -> assertThat((Long) r).isPositive());
            awaitSameCounters(c, Map.of("k0", 12L, "k1", 12L, "k2", 12L, "k3", 12L, "k4", 12L));

            assertThat(leader.consensus.leader()).contains(leader.rpcAddress());
            assertThat(c.node("n2").consensus.leader()).contains(leader.rpcAddress());
            assertThat(leader.consensus.servers()).containsExactly(
                    c.node("n1").rpcAddress(), c.node("n2").rpcAddress(), c.node("n3").rpcAddress());
            assertThat(leader.consensus.lastContactMillis()).isZero();
            TestCluster.Node follower = c.nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
            follower.consensus.readBarrier().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(follower.consensus.lastContactMillis()).isLessThan(5_000);

            for (TestCluster.Node n : c.nodes) {
                n.stop();
            }
            for (TestCluster.Node n : c.nodes) {
                n.start();
            }
            await().atMost(SETTLE).until(c::agreedLeader, o -> o.isPresent());
            awaitSameCounters(c, Map.of("k0", 12L, "k1", 12L, "k2", 12L, "k3", 12L, "k4", 12L));
            Object after = c.node("n3").consensus.apply(CounterStateMachine.inc("k0"))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(after).isEqualTo(13L);
        }
    }

    @Test
    void leaderLossElectsANewLeaderAndLosesNoAcknowledgedWrite() throws Exception {
        try (TestCluster c = new TestCluster(3, BASE).startAll()) {
            TestCluster.Node oldLeader = await().atMost(SETTLE).until(c::agreedLeader, o -> o.isPresent())
                    .orElseThrow();
            List<TestCluster.Node> survivors = c.nodes.stream().filter(n -> n != oldLeader).toList();
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger failures = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                TestCluster.Node via = survivors.get(t % 2);
                String prefix = "w" + t + "-";
                Thread w = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String key = prefix + i;
                        try {
                            via.consensus.apply(CounterStateMachine.inc(key)).toCompletableFuture()
                                    .get(15, TimeUnit.SECONDS);
                            acked.add(key);
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                }, "writer-" + t);
                w.start();
                writers.add(w);
            }
            await().atMost(SETTLE).until(() -> acked.size() >= 100);
            oldLeader.stop();
            int ackedAtLoss = acked.size();
            TestCluster.Node newLeader = await().atMost(SETTLE).until(c::agreedLeader, o -> o.isPresent())
                    .orElseThrow();
            assertThat(newLeader).isNotSameAs(oldLeader);
            await().atMost(SETTLE).until(() -> acked.size() >= ackedAtLoss + 100);
            stop.set(true);
            for (Thread w : writers) {
                w.join(20_000);
            }
            await().atMost(SETTLE).untilAsserted(() -> {
                Map<String, Long> a = survivors.get(0).kernel.counters();
                assertThat(survivors.get(1).kernel.counters()).isEqualTo(a);
                assertThat(a.keySet()).as("every acknowledged write survived").containsAll(acked);
                assertThat(a.values()).as("no write applied twice").allMatch(v -> v == 1L);
            });
        }
    }

    @Test
    void snapshotsCompactTheLogAndRestoreLaggingAndRestartedServers() throws Exception {
        Map<String, Object> cfg = Map.of("bootstrap_expect", 3, "raft.apply_timeout", "8s",
                "raft.snapshot_threshold", 4096);
        try (TestCluster c = new TestCluster(3, cfg).startAll()) {
            TestCluster.Node leader = await().atMost(SETTLE).until(c::agreedLeader, o -> o.isPresent()).orElseThrow();
            applyMany(leader, "a", 200);
            awaitSameCounters(c, expected("a", 200));
            await("a snapshot past raft.snapshot_threshold").atMost(SETTLE)
                    .until(() -> leader.consensus.raft().numSnapshots() > 0);
            // compact now so the log starts exactly at the commit index
            leader.consensus.snapshotNow();
            assertThat(leader.consensus.raft().log().firstAppended()).as("log compacted")
                    .isEqualTo(leader.consensus.raft().commitIndex());

            TestCluster.Node lagging = c.nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
            long laggingIndex = lagging.consensus.raft().lastAppended();
            lagging.stop();
            applyMany(leader, "b", 200);
            leader.consensus.snapshotNow();
            assertThat(leader.consensus.raft().log().firstAppended()).isGreaterThan(laggingIndex);
            lagging.start(); // its log ends before the leader's first entry: it needs InstallSnapshot
            Map<String, Long> all = new java.util.TreeMap<>(expected("a", 200));
            all.putAll(expected("b", 200));
            awaitSameCounters(c, all);

            for (TestCluster.Node n : c.nodes) {
                n.stop();
            }
            for (TestCluster.Node n : c.nodes) {
                n.start();
            }
            awaitSameCounters(c, all);
        }
    }

    @Test
    void truncatedLogTailStopsTheServerWithAClearError() throws Exception {
        try (TestCluster c = new TestCluster(3, BASE).startAll()) {
            TestCluster.Node leader = await().atMost(SETTLE).until(c::agreedLeader, o -> o.isPresent()).orElseThrow();
            applyMany(leader, "t", 50);
            awaitSameCounters(c, expected("t", 50));
            TestCluster.Node victim = c.nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
            long committed = victim.consensus.raft().commitIndex();
            victim.stop();
            Path entries;
            try (var files = Files.walk(victim.dataDir)) {
                entries = files.filter(p -> p.getFileName().toString().equals("entries.raft")).findFirst()
                        .orElseThrow();
            }
            try (RandomAccessFile f = new RandomAccessFile(entries.toFile(), "rw")) {
                f.setLength(f.length() / 2);
            }
            assertThat(committed).isGreaterThan(10);
            assertThatThrownBy(victim::start)
                    .hasMessageContaining("truncated")
                    .hasMessageContaining(victim.dataDir.resolve("raft").toString());
            victim.stop();
        }
    }

    @Test
    void aBootstrappedServerFormsAloneAndAddsVoters() throws Exception {
        try (TestCluster c = new TestCluster(2, Map.of("raft.apply_timeout", "8s"))) {
            TestCluster.Node first = c.node("n1");
            first.extraConfig.put("bootstrap", true);
            first.start();
            await().atMost(SETTLE).until(() -> first.consensus.isLeader());
            applyMany(first, "s", 20);
            assertThat(first.consensus.servers()).containsExactly(first.rpcAddress());

            TestCluster.Node joiner = c.node("n2").start(); // no bootstrap flag: a non-voter until added
            first.consensus.addVoter("n2", joiner.raftAddress()).toCompletableFuture().get(15, TimeUnit.SECONDS);
            await().atMost(SETTLE).untilAsserted(() -> {
                assertThat(joiner.kernel.counters()).isEqualTo(expected("s", 20));
                assertThat(joiner.consensus.servers()).containsExactly(first.rpcAddress(), joiner.rpcAddress());
            });
            applyMany(joiner, "j", 10);
            Map<String, Long> all = new java.util.TreeMap<>(expected("s", 20));
            all.putAll(expected("j", 10));
            awaitSameCounters(c, all);
        }
    }

    /**
     * jgroups-raft replicates to learners too: a joiner in the view for a while replays the log from index 1 before
     * the leader adds it. Its voter set must never lack the bootstrap server (it once read [n2, n3]).
     */
    @Test
    void aJoinerThatReplaysTheLogFromTheStartNeverSeesAVoterSetWithoutTheLeader() throws Exception {
        try (TestCluster c = new TestCluster(3, Map.of("raft.apply_timeout", "8s"))) {
            TestCluster.Node first = c.node("n1");
            first.extraConfig.put("bootstrap", true);
            first.start();
            await().atMost(SETTLE).until(() -> first.consensus.isLeader());
            applyMany(first, "s", 20);
            TestCluster.Node second = c.node("n2").start();
            TestCluster.Node third = c.node("n3").start();
            java.util.Set<java.util.List<String>> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                while (watching.get()) {
                    IndexedRaft r = second.consensus.raft();
                    if (r != null) {
                        seen.add(java.util.List.copyOf(new java.util.TreeSet<>(r.members())));
                    }
                }
            });
            watcher.start();
            try {
                // the learner receives the leader's log while it waits (as with server_stabilization_time)
                await().atMost(SETTLE).untilAsserted(() ->
                        assertThat(second.kernel.counters()).isEqualTo(expected("s", 20)));
                first.consensus.addVoter("n2", second.raftAddress()).toCompletableFuture().get(15, TimeUnit.SECONDS);
                first.consensus.addVoter("n3", third.raftAddress()).toCompletableFuture().get(15, TimeUnit.SECONDS);
                await().atMost(SETTLE).untilAsserted(() -> assertThat(second.consensus.raft().members())
                        .containsExactlyInAnyOrder("n1", "n2", "n3"));
            } finally {
                watching.set(false);
                watcher.join();
            }
            assertThat(seen).as("every voter set n2 held").allSatisfy(voters ->
                    assertThat(voters.isEmpty() || voters.contains("n1")).as(voters.toString()).isTrue());
        }
    }

    @Test
    void peersJsonRecoversASurvivorAfterLosingTheMajority() throws Exception {
        try (TestCluster c = new TestCluster(3, BASE).startAll()) {
            TestCluster.Node leader = await().atMost(SETTLE).until(c::agreedLeader, o -> o.isPresent()).orElseThrow();
            applyMany(leader, "p", 10);
            awaitSameCounters(c, expected("p", 10));
            for (TestCluster.Node n : c.nodes) {
                n.stop();
            }
            TestCluster.Node survivor = c.node("n3");
            Path raftDir = survivor.dataDir.resolve("raft");
            Files.writeString(raftDir.resolve("peers.json"),
                    "[{\"id\": \"n3\", \"address\": \"" + survivor.raftAddress() + "\"}]");
            survivor.start();
            await().atMost(SETTLE).until(() -> survivor.consensus.isLeader());
            assertThat(survivor.consensus.servers()).containsExactly(survivor.rpcAddress());
            assertThat(Files.exists(raftDir.resolve("peers.json.applied"))).isTrue();
            assertThat(survivor.consensus.apply(CounterStateMachine.inc("p0")).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).isEqualTo(2L);
        }
    }

    private static void applyMany(TestCluster.Node via, String prefix, int n) throws Exception {
        List<CompletableFuture<Object>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(via.consensus.apply(CounterStateMachine.inc(prefix + i)).toCompletableFuture());
        }
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    private static Map<String, Long> expected(String prefix, int n) {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(prefix + i, 1L);
        }
        return m;
    }

    private static void awaitSameCounters(TestCluster c, Map<String, Long> expected) {
        await().atMost(SETTLE).untilAsserted(() -> {
            for (TestCluster.Node n : c.running()) {
                assertThat(n.kernel.counters()).as(n.name).isEqualTo(expected);
            }
        });
    }
}
