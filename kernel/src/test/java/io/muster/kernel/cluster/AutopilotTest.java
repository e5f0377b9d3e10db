package io.muster.kernel.cluster;

import io.muster.kernel.testing.MutableClock;
import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.ConsensusContext;
import io.muster.spi.consensus.ConsensusServer;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.membership.Membership;
import io.muster.spi.membership.MembershipContext;
import io.muster.spi.membership.UserEvent;
import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class AutopilotTest {
    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
    private static final AutopilotConfig DEFAULTS = AutopilotConfig.DEFAULTS;

    private static ConsensusServer server(String name) {
        String ip = "10.0.0." + name.substring(1);
        return new ConsensusServer(name, ip + ":8305", ip + ":8300");
    }

    private static Autopilot.KnownServer known(String name, MemberStatus status) {
        return new Autopilot.KnownServer(server(name), status);
    }

    private static List<ConsensusServer> voters(String... names) {
        return java.util.Arrays.stream(names).map(AutopilotTest::server).toList();
    }

    private static Map<String, Instant> aliveLongAgo(String... names) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, NOW.minus(Duration.ofMinutes(5)));
        }
        return out;
    }

    @Test
    void aServerThatLeftIsRemovedButNeverTheLeaderItself() {
        List<Autopilot.Action> plan = Autopilot.plan(DEFAULTS, "s1", voters("s1", "s2", "s3"),
                List.of(known("s1", MemberStatus.ALIVE), known("s2", MemberStatus.ALIVE), known("s3", MemberStatus.LEFT)),
                aliveLongAgo("s1", "s2"), NOW);
        assertThat(plan).containsExactly(new Autopilot.Action.RemoveVoter("s3", "s3"));

        assertThat(Autopilot.plan(DEFAULTS, "s1", voters("s1", "s2", "s3"),
                List.of(known("s1", MemberStatus.LEFT), known("s2", MemberStatus.ALIVE), known("s3", MemberStatus.ALIVE)),
                aliveLongAgo("s2", "s3"), NOW)).isEmpty();
    }

    @Test
    void aJoinedServerBecomesAVoterOnlyAfterTheStabilizationTime() {
        List<Autopilot.KnownServer> known = List.of(known("s1", MemberStatus.ALIVE), known("s4", MemberStatus.ALIVE));
        Map<String, Instant> since = Map.of("s1", NOW.minusSeconds(600), "s4", NOW.minusSeconds(9));
        assertThat(Autopilot.plan(DEFAULTS, "s1", voters("s1"), known, since, NOW)).as("alive 9 s of 10").isEmpty();
        assertThat(Autopilot.plan(DEFAULTS, "s1", voters("s1"), known, since, NOW.plusSeconds(1)))
                .containsExactly(new Autopilot.Action.AddVoter(server("s4")));
        assertThat(Autopilot.plan(DEFAULTS, "s1", voters("s1"), List.of(known("s4", MemberStatus.FAILED)),
                Map.of(), NOW.plusSeconds(60))).as("not alive: not added").isEmpty();
    }

    @Test
    void failedVotersAreForceLeftWithoutRemovingAMajorityOrGoingBelowMinQuorum() {
        List<Autopilot.KnownServer> oneFailed = List.of(known("s1", MemberStatus.ALIVE),
                known("s2", MemberStatus.ALIVE), known("s3", MemberStatus.FAILED));
        assertThat(Autopilot.plan(DEFAULTS, "s1", voters("s1", "s2", "s3"), oneFailed, aliveLongAgo("s1", "s2"), NOW))
                .containsExactly(new Autopilot.Action.ForceLeave("s3"));

        List<Autopilot.KnownServer> twoOfFiveFailed = List.of(known("s1", MemberStatus.ALIVE),
                known("s2", MemberStatus.ALIVE), known("s3", MemberStatus.ALIVE), known("s4", MemberStatus.FAILED),
                known("s5", MemberStatus.FAILED));
        assertThat(Autopilot.plan(DEFAULTS, "s1", voters("s1", "s2", "s3", "s4", "s5"), twoOfFiveFailed,
                aliveLongAgo("s1", "s2", "s3"), NOW)).as("(5 - 1) / 2 = 2 may go")
                .containsExactly(new Autopilot.Action.ForceLeave("s4"), new Autopilot.Action.ForceLeave("s5"));

        List<Autopilot.KnownServer> twoOfThreeFailed = List.of(known("s1", MemberStatus.ALIVE),
                known("s2", MemberStatus.FAILED), known("s3", MemberStatus.FAILED));
        assertThat(Autopilot.plan(DEFAULTS, "s1", voters("s1", "s2", "s3"), twoOfThreeFailed, aliveLongAgo("s1"), NOW))
                .as("only one of three may go at once").hasSize(1);

        assertThat(Autopilot.plan(DEFAULTS, "s1", voters("s1", "s2"), List.of(known("s1", MemberStatus.ALIVE),
                known("s2", MemberStatus.FAILED)), aliveLongAgo("s1"), NOW)).as("(2 - 1) / 2 = 0").isEmpty();

        AutopilotConfig minQuorum3 = new AutopilotConfig(true, Duration.ofMillis(200), 250, 3, Duration.ofSeconds(10),
                "", false, "", 0, 0);
        assertThat(Autopilot.plan(minQuorum3, "s1", voters("s1", "s2", "s3"), oneFailed, aliveLongAgo("s1", "s2"), NOW))
                .isEmpty();

        AutopilotConfig noCleanup = new AutopilotConfig(false, Duration.ofMillis(200), 250, 0, Duration.ofSeconds(10),
                "", false, "", 0, 0);
        assertThat(Autopilot.plan(noCleanup, "s1", voters("s1", "s2", "s3"), oneFailed, aliveLongAgo("s1", "s2"), NOW))
                .isEmpty();
    }

    @Test
    void oneRaftConfigurationChangePerRoundLeftServersFirst() {
        List<Autopilot.KnownServer> known = List.of(known("s1", MemberStatus.ALIVE), known("s2", MemberStatus.LEFT),
                known("s3", MemberStatus.ALIVE), known("s4", MemberStatus.ALIVE));
        assertThat(Autopilot.plan(DEFAULTS, "s1", voters("s1", "s2", "s3"), known, aliveLongAgo("s1", "s3", "s4"), NOW))
                .containsExactly(new Autopilot.Action.RemoveVoter("s2", "s2"));
    }

    @Test
    void votersNamedByAddressAreMatchedByRpcAddress() {
        // a consensus that names voters by address (the single-server log) is never asked to re-add its own server
        List<ConsensusServer> byAddress = List.of(new ConsensusServer("10.0.0.1:8300", "10.0.0.1:8300", "10.0.0.1:8300"),
                new ConsensusServer("10.0.0.2:8300", "10.0.0.2:8300", "10.0.0.2:8300"));
        assertThat(Autopilot.plan(DEFAULTS, "s1", byAddress, List.of(known("s1", MemberStatus.ALIVE),
                known("s2", MemberStatus.LEFT)), aliveLongAgo("s1"), NOW))
                .containsExactly(new Autopilot.Action.RemoveVoter("10.0.0.2:8300", "s2"));
    }

    @Test
    void theLeaderActsOnGossipStateAndFollowersOnlyKeepTime() {
        MutableClock clock = new MutableClock();
        clock.set(NOW);
        RecordingConsensus raft = new RecordingConsensus();
        RecordingMembership gossip = new RecordingMembership();
        gossip.members.add(member("s1", MemberStatus.ALIVE));
        gossip.members.add(member("s2", MemberStatus.ALIVE));
        gossip.members.add(member("s4", MemberStatus.ALIVE));
        Autopilot autopilot = new Autopilot(raft, gossip, "dc1", "s1", () -> DEFAULTS, clock);

        raft.leader = false;
        autopilot.tick();
        clock.advance(Duration.ofSeconds(11));
        autopilot.tick();
        assertThat(raft.calls).as("a follower changes nothing").isEmpty();

        raft.leader = true; // s4 has been alive for 11 s on this server's clock: the new leader adds it at once
        autopilot.tick();
        assertThat(raft.calls).containsExactly("add s4 10.0.0.4:8305");
        autopilot.tick();
        assertThat(raft.calls).as("not again while the first add is under way").hasSize(1);

        raft.pending.complete(null);
        raft.voters.add(server("s4"));
        gossip.members.set(1, member("s2", MemberStatus.FAILED));
        autopilot.tick();
        assertThat(gossip.forceLeft).containsExactly("s2");
    }

    private static Member member(String name, MemberStatus status) {
        return new Member(name, "10.0.0." + name.substring(1), 8301,
                Map.of("role", "consul", "dc", "dc1", "port", "8300", "raft_port", "8305"), status, 1, 5, 2);
    }

    private static final class RecordingConsensus implements Consensus {
        final List<ConsensusServer> voters = new ArrayList<>(AutopilotTest.voters("s1", "s2"));
        final List<String> calls = new ArrayList<>();
        final CompletableFuture<Void> pending = new CompletableFuture<>();
        boolean leader;

        @Override public String name() { return "test"; }
        @Override public void start(ConsensusContext context) { }
        @Override public CompletionStage<Object> apply(byte[] command) { return CompletableFuture.completedFuture(null); }
        @Override public boolean isLeader() { return leader; }
        @Override public Optional<String> leader() { return Optional.of("10.0.0.1:8300"); }
        @Override public List<String> servers() { return voters.stream().map(ConsensusServer::rpcAddress).toList(); }
        @Override public List<ConsensusServer> voters() { return List.copyOf(voters); }
        @Override public CompletionStage<Void> readBarrier() { return CompletableFuture.completedFuture(null); }
        @Override public long lastContactMillis() { return 0; }
        @Override public void stop() { }

        @Override
        public CompletionStage<Void> addVoter(String id, String address) {
            calls.add("add " + id + " " + address);
            return pending;
        }

        @Override
        public CompletionStage<Void> removeVoter(String id) {
            calls.add("remove " + id);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static final class RecordingMembership implements Membership {
        final List<Member> members = new ArrayList<>();
        final List<String> forceLeft = new ArrayList<>();

        @Override public String name() { return "test"; }
        @Override public void start(MembershipContext context) { }
        @Override public CompletionStage<Integer> join(List<String> addresses, boolean wan) { return CompletableFuture.completedFuture(0); }
        @Override public List<Member> members(boolean wan) { return List.copyOf(members); }
        @Override public CompletionStage<Void> leave() { return CompletableFuture.completedFuture(null); }
        @Override public void fire(UserEvent event) { }
        @Override public void stop() { }

        @Override
        public CompletionStage<Void> forceLeave(String node, boolean prune) {
            forceLeft.add(node);
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void theTrackerHandsEveryServerOfItsDatacenterToTheConsensus() {
        RecordingConsensus raft = new RecordingConsensus();
        List<List<ConsensusServer>> handed = new ArrayList<>();
        Consensus watching = new Consensus() {
            @Override public String name() { return "test"; }
            @Override public void start(ConsensusContext context) { }
            @Override public CompletionStage<Object> apply(byte[] command) { return raft.apply(command); }
            @Override public boolean isLeader() { return true; }
            @Override public Optional<String> leader() { return raft.leader(); }
            @Override public List<String> servers() { return raft.servers(); }
            @Override public CompletionStage<Void> readBarrier() { return raft.readBarrier(); }
            @Override public long lastContactMillis() { return 0; }
            @Override public void stop() { }
            @Override public void serversChanged(List<ConsensusServer> known) { handed.add(known); }
        };
        ServerTracker tracker = new ServerTracker(watching, "dc1");
        tracker.onMemberEvent(new MemberEvent(MemberEvent.Type.JOIN, member("s2", MemberStatus.ALIVE)));
        tracker.onMemberEvent(new MemberEvent(MemberEvent.Type.JOIN, member("s2", MemberStatus.ALIVE)));
        tracker.onMemberEvent(new MemberEvent(MemberEvent.Type.JOIN, new Member("c1", "10.0.0.9", 8301,
                Map.of("role", "node", "dc", "dc1"), MemberStatus.ALIVE, 1, 5, 2)));
        tracker.onMemberEvent(new MemberEvent(MemberEvent.Type.REAP, member("s2", MemberStatus.LEFT)));
        assertThat(handed).containsExactly(List.of(server("s2")), List.of());
    }
}
