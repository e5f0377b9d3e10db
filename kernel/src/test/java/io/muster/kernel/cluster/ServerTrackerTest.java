package io.muster.kernel.cluster;

import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.ConsensusContext;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class ServerTrackerTest {
    /** A leader whose configuration the test controls; records what the tracker asks of it. */
    private static final class LeaderConsensus implements Consensus {
        final List<String> voters = new ArrayList<>(List.of("10.0.0.1:8300", "10.0.0.2:8300", "10.0.0.3:8300"));
        final List<String> calls = new ArrayList<>();
        CompletableFuture<Void> pendingAdd = new CompletableFuture<>();

        @Override public String name() { return "test"; }
        @Override public void start(ConsensusContext context) { }
        @Override public CompletionStage<Object> apply(byte[] command) { return CompletableFuture.completedFuture(null); }
        @Override public boolean isLeader() { return true; }
        @Override public Optional<String> leader() { return Optional.of("10.0.0.1:8300"); }
        @Override public List<String> servers() { return List.copyOf(voters); }
        @Override public CompletionStage<Void> readBarrier() { return CompletableFuture.completedFuture(null); }
        @Override public long lastContactMillis() { return 0; }
        @Override public void stop() { }

        @Override
        public CompletionStage<Void> addVoter(String id, String address) {
            calls.add("add " + id + " " + address);
            return pendingAdd;
        }

        @Override
        public CompletionStage<Void> removeVoter(String id) {
            calls.add("remove " + id);
            voters.removeIf(v -> v.startsWith("10.0.0." + id.substring(1) + ":"));
            return CompletableFuture.completedFuture(null);
        }
    }

    private static MemberEvent event(MemberEvent.Type type, String name, MemberStatus status) {
        String ip = "10.0.0." + name.substring(1);
        return new MemberEvent(type, new Member(name, ip, 8301,
                Map.of("role", "consul", "dc", "dc1", "port", "8300", "raft_port", "8305"), status, 1, 5, 2));
    }

    @Test
    void aServerMissingFromTheConfigurationIsAddedOnceWhenItJoins() {
        LeaderConsensus raft = new LeaderConsensus();
        raft.voters.remove("10.0.0.3:8300"); // removed earlier (operator raft remove-peer)
        ServerTracker tracker = new ServerTracker(raft, "dc1");
        for (String s : List.of("s1", "s2")) {
            tracker.onMemberEvent(event(MemberEvent.Type.JOIN, s, MemberStatus.ALIVE));
        }
        assertThat(raft.calls).as("both are voters already").isEmpty();

        tracker.onMemberEvent(event(MemberEvent.Type.JOIN, "s3", MemberStatus.ALIVE));
        tracker.onMemberEvent(event(MemberEvent.Type.JOIN, "s3", MemberStatus.ALIVE));
        assertThat(raft.calls).as("added once while the first add is in flight").containsExactly("add s3 10.0.0.3:8305");
    }

    @Test
    void leftAndFailedServersStayVotersUntilAnOperatorRemovesThem() {
        LeaderConsensus raft = new LeaderConsensus();
        ServerTracker tracker = new ServerTracker(raft, "dc1");
        for (String s : List.of("s1", "s2", "s3")) {
            tracker.onMemberEvent(event(MemberEvent.Type.JOIN, s, MemberStatus.ALIVE));
        }
        tracker.onMemberEvent(event(MemberEvent.Type.LEAVE, "s1", MemberStatus.LEFT));
        tracker.onMemberEvent(event(MemberEvent.Type.FAIL, "s2", MemberStatus.FAILED));

        assertThat(raft.calls).isEmpty();
        assertThat(raft.voters).hasSize(3);
    }
}
