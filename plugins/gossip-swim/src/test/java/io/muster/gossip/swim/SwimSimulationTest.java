package io.muster.gossip.swim;

import io.muster.gossip.swim.Message.NodeState;
import io.muster.spi.membership.MemberEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole-cluster behaviour on the deterministic simulated network (simulated time; no sleeps or sockets). */
class SwimSimulationTest {

    @Test
    void aKilledMemberIsDeclaredFailedByAllThousandMembersWithinTheBound() {
        Simulation sim = new Simulation(1, SwimConfig.lan());
        sim.minLatencyMs = 1;
        sim.maxLatencyMs = 20;
        sim.bootstrap(1000);
        sim.runFor(5_000);
        long killedAt = sim.now();
        sim.kill("n42");

        // bound: one probe round to notice, the full Lifeguard maximum suspicion timeout, then dissemination
        SwimConfig c = SwimConfig.lan();
        long bound = c.suspicionMinTimeoutMs(1000) * c.suspicionMaxTimeoutMult() + 10_000;
        boolean all = sim.runUntil(() -> sim.countViewing("n42", NodeState.DEAD) == 999, bound);

        assertThat(all).as("all 999 survivors declared n42 failed within %d ms", bound).isTrue();
        List<Long> delays = new ArrayList<>();
        sim.firstSeen("n42", MemberEvent.Type.FAIL).values().forEach(t -> delays.add(t - killedAt));
        Collections.sort(delays);
        assertThat(delays).hasSize(999);
        // nobody may fail n42 before the minimum suspicion timeout: that is what protects slow members
        assertThat(delays.get(0)).isGreaterThanOrEqualTo(c.suspicionMinTimeoutMs(1000));
        assertThat(sim.count(MemberEvent.Type.FAIL)).as("only n42 failed").isEqualTo(999);
    }

    @Test
    void withTheFastDetectionTuningAllThousandMembersSeeTheKilledOneFailedWithinFiveSimulatedSeconds() {
        // Consul's LAN defaults floor detection at 12 s for N=1000 (see SimulationReport); this tuning meets 5 s.
        Simulation sim = new Simulation(5, SimulationReport.FAST_DETECTION);
        sim.minLatencyMs = 1;
        sim.maxLatencyMs = 20;
        sim.packetLoss = 0.01;
        sim.streamLoss = 0.01;
        sim.bootstrap(1000);
        sim.runFor(5_000);
        sim.kill("n17");

        boolean all = sim.runUntil(() -> sim.countViewing("n17", NodeState.DEAD) == 999, 5_000);

        assertThat(all).as("all 999 survivors declared n17 failed within 5 simulated seconds").isTrue();
        assertThat(sim.count(MemberEvent.Type.FAIL)).as("only n17 failed").isEqualTo(999);
    }

    @Test
    void noFalsePositivesAtOnePercentLossOverTwoSimulatedHours() {
        Simulation sim = new Simulation(2, SwimConfig.lan());
        sim.packetLoss = 0.01;
        sim.streamLoss = 0.01;
        sim.bootstrap(64);
        sim.runFor(2 * 3_600_000L);

        assertThat(sim.count(MemberEvent.Type.FAIL)).isZero();
        for (Simulation.SimNode n : sim.nodes()) {
            assertThat(n.state.aliveCount()).isEqualTo(64);
        }
    }

    @Test
    void heavyLossMakesMembersSuspectButTheyRefute() {
        Simulation sim = new Simulation(3, SwimConfig.lan());
        sim.packetLoss = 0.15;
        sim.streamLoss = 0.15;
        sim.bootstrap(32);
        sim.runFor(30 * 60_000L);

        long refutations = sim.nodes().stream().mapToLong(n -> n.state.incarnation() - 1).sum();
        assertThat(refutations).as("suspicions at 15%% loss are refuted by incarnation bumps").isPositive();
        assertThat(sim.count(MemberEvent.Type.FAIL)).as("and none becomes a failure verdict").isZero();
    }

    @Test
    void aRestartedMemberRefutesItsFailureAndRejoins() {
        Simulation sim = new Simulation(4, SwimConfig.lan());
        sim.bootstrap(50);
        sim.runFor(2_000);
        sim.kill("n7");
        assertThat(sim.runUntil(() -> sim.countViewing("n7", NodeState.DEAD) == 49, 120_000)).isTrue();
        sim.runFor(40_000);

        Simulation.SimNode restarted = sim.restart("n7");
        assertThat(restarted.state.incarnation()).isEqualTo(1);
        sim.join(restarted, sim.node("n3"));
        boolean back = sim.runUntil(() -> sim.countViewing("n7", NodeState.ALIVE) == 49, 30_000);

        assertThat(back).as("every member sees n7 alive again").isTrue();
        assertThat(restarted.state.incarnation()).as("n7 refuted with a higher incarnation").isGreaterThan(1);
        assertThat(sim.firstSeen("n7", MemberEvent.Type.JOIN)).hasSize(49);
        assertThat(restarted.state.aliveCount()).isEqualTo(50);
    }

    @Test
    void aSuspectedMemberThatComesBackRefutesBeforeTheVerdict() {
        Simulation sim = new Simulation(5, SwimConfig.lan());
        sim.bootstrap(40);
        sim.runFor(2_000);
        sim.partition(Set.of("n9"));
        assertThat(sim.runUntil(() -> sim.countViewing("n9", NodeState.SUSPECT) > 0, 30_000)).isTrue();
        sim.heal();
        sim.runFor(60_000);

        assertThat(sim.countViewing("n9", NodeState.ALIVE)).isEqualTo(39);
        assertThat(sim.node("n9").state.incarnation()).isGreaterThan(1);
        assertThat(sim.firstSeen("n9", MemberEvent.Type.FAIL)).isEmpty();
    }

    @Test
    void aPartitionHeals() {
        Simulation sim = new Simulation(6, SwimConfig.lan());
        sim.bootstrap(60);
        sim.runFor(2_000);
        Set<String> sideA = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            sideA.add("n" + i);
        }
        sim.partition(sideA);
        boolean split = sim.runUntil(() -> sim.node("n0").state.aliveCount() == 30 && sim.node("n59").state.aliveCount() == 30, 180_000);
        assertThat(split).as("each side declares the other failed").isTrue();
        sim.runFor(30_000);

        sim.heal();
        boolean healed = sim.runUntil(() -> sim.nodes().stream().allMatch(n -> n.state.aliveCount() == 60), 300_000);

        assertThat(healed).as("after healing, every member sees all 60 alive").isTrue();
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        String first = shortRun(99);
        String again = shortRun(99);
        String other = shortRun(100);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private static String shortRun(long seed) {
        Simulation sim = new Simulation(seed, SwimConfig.lan());
        sim.packetLoss = 0.05;
        sim.bootstrap(30);
        sim.runFor(3_000);
        sim.kill("n3");
        sim.runFor(30_000);
        return sim.trace();
    }

    @Test
    void userEventsReachEveryMemberExactlyOnce() {
        Simulation sim = new Simulation(7, SwimConfig.lan());
        sim.packetLoss = 0.01;
        sim.bootstrap(100);
        sim.runFor(1_000);
        sim.fire(sim.node("n1"), "deploy");
        sim.fire(sim.node("n2"), "deploy");
        sim.fire(sim.node("n3"), "restart");
        sim.runFor(20_000);

        assertThat(sim.delivered()).hasSize(300);
        Set<String> perMember = new HashSet<>();
        for (Simulation.Delivered d : sim.delivered()) {
            assertThat(perMember.add(d.observer() + "/" + d.event().id())).as("delivered once: %s", d).isTrue();
        }
    }

    @Test
    void gracefulLeaveIsSeenAsLeftAndForceLeavePrunes() {
        Simulation sim = new Simulation(8, SwimConfig.lan());
        sim.bootstrap(20);
        sim.runFor(2_000);
        sim.leave(sim.node("n5"));
        boolean left = sim.runUntil(() -> sim.countViewing("n5", NodeState.LEFT) == 19, 10_000);
        assertThat(left).isTrue();
        assertThat(sim.runUntil(() -> sim.node("n5").state.leaveDisseminated(), 5_000)).isTrue();
        assertThat(sim.firstSeen("n5", MemberEvent.Type.FAIL)).isEmpty();

        sim.kill("n6");
        assertThat(sim.runUntil(() -> sim.countViewing("n6", NodeState.DEAD) == 18, 120_000)).isTrue();
        sim.node("n0").state.forceLeave("n6", true, sim.now());
        sim.runFor(10_000);

        assertThat(sim.firstSeen("n6", MemberEvent.Type.LEAVE)).hasSize(18);
        assertThat(sim.firstSeen("n6", MemberEvent.Type.REAP)).hasSize(18);
        assertThat(sim.node("n1").state.stateOf("n6")).isNull();
    }

    @Test
    void forceLeaveOfAnAliveMemberShowsItLeavingUntilItRefutes() {
        Simulation sim = new Simulation(11, SwimConfig.lan());
        sim.bootstrap(10);
        sim.runFor(2_000);
        SwimState n0 = sim.node("n0").state;
        n0.forceLeave("n3", false, sim.now());
        // serf shows a member told to leave while alive as "leaving" (Consul's force-leave of a live node) ...
        assertThat(n0.members()).filteredOn(m -> m.name().equals("n3")).singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo(io.muster.spi.model.MemberStatus.LEAVING));
        // ... and n3, alive, refutes once it hears of it (at the latest through push-pull): all see it alive again.
        assertThat(sim.runUntil(() -> sim.countViewing("n3", NodeState.ALIVE) == 9, 180_000)).isTrue();
        assertThat(n0.members()).filteredOn(m -> m.name().equals("n3")).singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo(io.muster.spi.model.MemberStatus.ALIVE));
    }

    @Test
    void failedMembersAreReapedAfterTheReconnectTimeout() {
        SwimConfig config = SwimConfig.lan().withReaping(java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(5));
        Simulation sim = new Simulation(9, config);
        sim.bootstrap(10);
        sim.runFor(1_000);
        sim.kill("n1");
        sim.leave(sim.node("n2"));
        sim.runFor(6 * 60_000L);
        assertThat(sim.firstSeen("n2", MemberEvent.Type.REAP)).as("left: reaped after tombstone_timeout").hasSize(8);
        assertThat(sim.firstSeen("n1", MemberEvent.Type.REAP)).as("failed: not yet").isEmpty();
        sim.runFor(6 * 60_000L);
        assertThat(sim.firstSeen("n1", MemberEvent.Type.REAP)).hasSize(8);
        assertThat(sim.node("n0").state.members()).hasSize(8);
    }

    @Test
    void aJoinUnderAnotherMembersNameFromAnotherAddressIsRefused() {
        Simulation sim = new Simulation(10, SwimConfig.lan());
        sim.bootstrap(5);
        SwimState impostor = new SwimState(SwimConfig.lan(), "n1", "other:8301", Map.of(), new java.util.Random(1),
                KeyringDelegate.NONE, sim.now());
        Message reply = sim.node("n0").state.handleStream("other:8301", impostor.pushPullRequest(true), sim.now());

        assertThat(reply).isInstanceOf(Message.Refusal.class);
        assertThat(((Message.Refusal) reply).reason()).contains("n1", "n1:8301", "other:8301");
        assertThat(sim.node("n0").state.ready().warnings()).anyMatch(w -> w.contains("other:8301"));
    }

    @Tag("slow")
    @Test
    void reportNumbers() {
        SimulationReport.main(new String[] {"60"});
    }
}
