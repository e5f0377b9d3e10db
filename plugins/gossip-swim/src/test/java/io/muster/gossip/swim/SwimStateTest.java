package io.muster.gossip.swim;

import io.muster.spi.membership.MemberEvent;
import io.muster.spi.model.MemberStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Step-by-step scripts of one member's protocol decisions; messages are routed (or dropped) by hand. */
class SwimStateTest {
    private final SwimConfig config = SwimConfig.lan();
    private SwimState a;
    private SwimState b;
    private SwimState c;

    @BeforeEach
    void threeMembersThatKnowEachOther() {
        a = new SwimState(config, "a", "a:1", Map.of(), new Random(1), KeyringDelegate.NONE, 0);
        b = new SwimState(config, "b", "b:1", Map.of(), new Random(2), KeyringDelegate.NONE, 0);
        c = new SwimState(config, "c", "c:1", Map.of(), new Random(3), KeyringDelegate.NONE, 0);
        List<Message.NodeRecord> all = new ArrayList<>();
        for (SwimState s : List.of(a, b, c)) {
            all.add(new Message.NodeRecord(s.name(), s.address(), Map.of(), 1, Message.NodeState.ALIVE));
        }
        for (SwimState s : List.of(a, b, c)) {
            s.handle("seed", new Message.PushPull("seed", false, all, 0), 0);
            assertThat(s.ready().memberEvents()).hasSize(2);
            s.discardPendingBroadcasts();
        }
    }

    private long probeStartedAt;

    /** Ticks {@code s} until it pings someone; returns that ping and records when it was sent. */
    private Message.Ping probeOf(SwimState s) {
        long t = s.nextWakeup();
        for (int i = 0; i < 20; i++, t = s.nextWakeup()) {
            s.tick(t);
            for (Outbound o : s.ready().outbound()) {
                if (o.message() instanceof Message.Ping p && o.channel() == Outbound.Channel.PACKET) {
                    probeStartedAt = t;
                    return p;
                }
            }
        }
        throw new AssertionError("no probe within 20 wake-ups");
    }

    private SwimState byName(String name) {
        return switch (name) {
            case "a" -> a;
            case "b" -> b;
            default -> c;
        };
    }

    @Test
    void anAckedProbeKeepsTheTargetAliveAndImprovesHealth() {
        Message.Ping ping = probeOf(a);
        SwimState target = byName(ping.target());
        target.handle("a:1", ping, 10);
        Outbound ack = target.ready().outbound().get(0);
        assertThat(ack.address()).isEqualTo("a:1");
        a.handle(target.address(), ack.message(), 20);
        a.tick(a.nextWakeup() + config.probeIntervalMs());

        assertThat(a.stateOf(ping.target())).isEqualTo(Message.NodeState.ALIVE);
        assertThat(a.healthScore()).isZero();
    }

    @Test
    void anUnansweredProbeGoesIndirectWithATcpFallbackThenSuspects() {
        Message.Ping ping = probeOf(a);
        long started = probeStartedAt;
        a.tick(started + config.probeTimeoutMs());
        List<Outbound> out = a.ready().outbound();

        assertThat(out).anySatisfy(o -> {
            assertThat(o.message()).isInstanceOf(Message.IndirectPing.class);
            assertThat(((Message.IndirectPing) o.message()).target()).isEqualTo(ping.target());
            assertThat(((Message.IndirectPing) o.message()).wantNack()).isTrue();
        });
        assertThat(out).anySatisfy(o -> {
            assertThat(o.channel()).isEqualTo(Outbound.Channel.STREAM);
            assertThat(o.message()).isInstanceOf(Message.Ping.class);
        });

        a.tick(started + config.probeIntervalMs());
        assertThat(a.stateOf(ping.target())).isEqualTo(Message.NodeState.SUSPECT);
        assertThat(a.healthScore()).as("no nack from the relay: maybe we are the slow one").isEqualTo(1);
        assertThat(a.members()).filteredOn(m -> m.name().equals(ping.target()))
                .extracting(m -> m.status()).containsExactly(MemberStatus.ALIVE);
    }

    @Test
    void aRelaysNackSparesTheProberAHealthPenalty() {
        Message.Ping ping = probeOf(a);
        long started = probeStartedAt;
        a.tick(started + config.probeTimeoutMs());
        Outbound indirect = a.ready().outbound().stream().filter(o -> o.message() instanceof Message.IndirectPing).findFirst().orElseThrow();
        SwimState relay = byName(indirect.address().substring(0, 1));

        relay.handle("a:1", indirect.message(), started + 510);
        assertThat(relay.ready().outbound()).anyMatch(o -> o.address().equals(ping.target() + ":1") && o.message() instanceof Message.Ping);
        relay.tick(started + 510 + config.probeTimeoutMs());
        Outbound nack = relay.ready().outbound().stream().filter(o -> o.message() instanceof Message.Nack
                || o.message() instanceof Message.Compound).findFirst().orElseThrow();
        a.handle(relay.address(), nack.message(), started + 950);
        a.tick(started + config.probeIntervalMs());

        assertThat(a.stateOf(ping.target())).isEqualTo(Message.NodeState.SUSPECT);
        assertThat(a.healthScore()).isZero();
    }

    @Test
    void aRelayForwardsTheTargetsAckToTheProber() {
        b.handle("a:1", new Message.IndirectPing(77, "c", "c:1", "a", "a:1", true), 0);
        Message.Ping relayed = (Message.Ping) b.ready().outbound().get(0).message();
        c.handle("b:1", relayed, 5);
        b.handle("c:1", c.ready().outbound().get(0).message(), 10);

        assertThat(b.ready().outbound()).singleElement().satisfies(o -> {
            assertThat(o.address()).isEqualTo("a:1");
            assertThat(o.message()).isEqualTo(new Message.Ack(77));
        });
    }

    @Test
    void aSuspectedMemberRefutesWithAHigherIncarnation() {
        a.handle("b:1", new Message.Suspect(1, "a", "b"), 100);

        assertThat(a.incarnation()).isEqualTo(2);
        assertThat(a.healthScore()).isEqualTo(1);
        a.tick(a.nextWakeup());
        assertThat(a.ready().outbound()).anyMatch(o -> contains(o.message(), new Message.Alive(2, "a", "a:1", Map.of())));
    }

    @Test
    void suspicionExpiresIntoAFailureAndALaterAliveRejoins() {
        a.handle("b:1", new Message.Suspect(1, "c", "b"), 0);
        assertThat(a.stateOf("c")).isEqualTo(Message.NodeState.SUSPECT);
        a.ready();
        long deadline = config.suspicionMinTimeoutMs(3);
        a.tick(deadline - 1);
        assertThat(a.stateOf("c")).isEqualTo(Message.NodeState.SUSPECT);
        a.tick(deadline);
        assertThat(a.stateOf("c")).isEqualTo(Message.NodeState.DEAD);
        assertThat(a.ready().memberEvents()).extracting(MemberEvent::type).contains(MemberEvent.Type.FAIL);

        a.handle("c:1", new Message.Alive(1, "c", "c:1", Map.of()), deadline + 1);
        assertThat(a.stateOf("c")).as("a stale alive does not revive a dead member").isEqualTo(Message.NodeState.DEAD);
        a.handle("c:1", new Message.Alive(2, "c", "c:1", Map.of()), deadline + 2);
        assertThat(a.stateOf("c")).isEqualTo(Message.NodeState.ALIVE);
        assertThat(a.ready().memberEvents()).extracting(MemberEvent::type).containsExactly(MemberEvent.Type.JOIN);
    }

    @Test
    void newTagsAtAHigherIncarnationAreAnUpdate() {
        a.handle("b:1", new Message.Alive(2, "b", "b:1", Map.of("build", "1.2")), 0);

        List<MemberEvent> events = a.ready().memberEvents();
        assertThat(events).extracting(MemberEvent::type).containsExactly(MemberEvent.Type.UPDATE);
        assertThat(events.get(0).member().tags()).containsEntry("build", "1.2");
    }

    @Test
    void aDeadVerdictFromAnotherPushPullIsOnlyASuspicionHere() {
        a.handle("b:1", new Message.PushPull("b", false,
                List.of(new Message.NodeRecord("c", "c:1", Map.of(), 1, Message.NodeState.DEAD)), 0), 0);

        assertThat(a.stateOf("c")).isEqualTo(Message.NodeState.SUSPECT);
    }

    @Test
    void userEventsOverSerfsSizeLimitAreRefused() {
        io.muster.spi.membership.UserEvent big = new io.muster.spi.membership.UserEvent("", "deploy", new byte[600], "", "", "", 0);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.fire(big, 0))
                .hasMessageContaining("user event exceeds limit of 512 bytes");
        assertThat(a.ready().userEvents()).isEmpty();
    }

    private static boolean contains(Message m, Message wanted) {
        if (m.equals(wanted)) {
            return true;
        }
        return m instanceof Message.Compound c && c.parts().stream().anyMatch(p -> contains(p, wanted));
    }

    @Test
    void aJoinerClaimingThisAgentsNodeIdUnderAnotherNameIsRefusedWithConsulsWording() {
        SwimState self = new SwimState(config, "web-1", "10.0.0.1:8301", Map.of("id", "aaaa-1"), new Random(4),
                KeyringDelegate.NONE, 0);
        SwimState twin = new SwimState(config, "web-2", "10.0.0.2:8301", Map.of("id", "AAAA-1"), new Random(5),
                KeyringDelegate.NONE, 0);

        Message reply = self.handleStream("10.0.0.2:8301", twin.pushPullRequest(true), 0);

        assertThat(reply).isInstanceOf(Message.Refusal.class);
        assertThat(((Message.Refusal) reply).reason())
                .startsWith("Member 'web-2' has conflicting node ID 'AAAA-1' with this agent's ID");
        assertThat(self.members()).extracting(m -> m.name()).containsExactly("web-1");
    }

    @Test
    void twoMembersOfAJoiningPoolSharingANodeIdAreRefusedButDistinctIdsJoin() {
        SwimState self = new SwimState(config, "x", "x:1", Map.of("id", "id-x"), new Random(6), KeyringDelegate.NONE, 0);
        List<Message.NodeRecord> clash = List.of(
                new Message.NodeRecord("p", "p:1", Map.of("id", "id-p"), 1, Message.NodeState.ALIVE),
                new Message.NodeRecord("q", "q:1", Map.of("id", "id-p"), 1, Message.NodeState.ALIVE));
        Message refused = self.handleStream("p:1", new Message.PushPull("p", true, clash, 0), 0);
        assertThat(((Message.Refusal) refused).reason())
                .isEqualTo("Member 'q' has conflicting node ID 'id-p' with member 'p'");

        List<Message.NodeRecord> fine = List.of(
                new Message.NodeRecord("p", "p:1", Map.of("id", "id-p"), 1, Message.NodeState.ALIVE),
                new Message.NodeRecord("q", "q:1", Map.of("id", "id-q"), 1, Message.NodeState.ALIVE));
        assertThat(self.handleStream("p:1", new Message.PushPull("p", true, fine, 0), 0))
                .isInstanceOf(Message.PushPull.class);
    }
}
