package io.muster.gossip.swim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SuspicionTest {

    @Test
    void startsAtTheMaximumAndShrinksLogarithmicallyWithIndependentConfirmations() {
        Suspicion s = new Suspicion("a", 10_000, 1_000, 6_000, 3);
        assertThat(s.deadlineMs()).isEqualTo(16_000);

        assertThat(s.confirm("a")).as("the first suspector is not a confirmation").isFalse();
        assertThat(s.confirm("b")).isTrue();
        assertThat(s.deadlineMs()).isEqualTo(10_000 + 3_500);
        assertThat(s.confirm("b")).as("the same confirmer counts once").isFalse();
        assertThat(s.confirm("c")).isTrue();
        assertThat(s.deadlineMs()).isEqualTo(10_000 + 6_000 - (long) Math.floor(Math.log(3) / Math.log(4) * 5_000));
        assertThat(s.confirm("d")).isTrue();
        assertThat(s.deadlineMs()).isEqualTo(11_000);
        assertThat(s.confirm("e")).as("beyond k confirmations nothing changes").isFalse();
        assertThat(s.deadlineMs()).isEqualTo(11_000);
        assertThat(s.confirmations()).isEqualTo(3);
    }

    @Test
    void withoutExpectedConfirmationsTheMinimumApplies() {
        assertThat(new Suspicion("a", 0, 2_000, 12_000, 0).deadlineMs()).isEqualTo(2_000);
    }

    @Test
    void configScalesTimeoutsAndRetransmitsWithClusterSize() {
        SwimConfig lan = SwimConfig.lan();
        assertThat(lan.suspicionMinTimeoutMs(1)).isEqualTo(4_000);
        assertThat(lan.suspicionMinTimeoutMs(100)).isEqualTo(8_000);
        assertThat(lan.suspicionMinTimeoutMs(1000)).isEqualTo(12_000);
        assertThat(lan.retransmitLimit(3)).isEqualTo(4);
        assertThat(lan.retransmitLimit(100)).isEqualTo(12);
        assertThat(lan.retransmitLimit(1000)).isEqualTo(16);
        assertThat(SwimConfig.wan().probeTimeoutMs()).isGreaterThan(lan.probeTimeoutMs());
        assertThat(SwimConfig.local().indirectChecks()).isEqualTo(1);
    }

    @Test
    void awarenessScalesTimeoutsWithinItsBounds() {
        Awareness a = new Awareness(8);
        a.apply(-1);
        assertThat(a.scale(500)).isEqualTo(500);
        a.apply(3);
        assertThat(a.scale(500)).isEqualTo(2_000);
        a.apply(100);
        assertThat(a.score()).isEqualTo(7);
    }
}
