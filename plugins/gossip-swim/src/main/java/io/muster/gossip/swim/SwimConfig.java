package io.muster.gossip.swim;

import java.time.Duration;

/**
 * Every tunable of the protocol, in milliseconds, with memberlist-like profiles: {@link #lan()} for a data
 * centre, {@link #wan()} for links between data centres, {@link #local()} for loopback tests. Reaping
 * follows Consul's serf defaults: failed members are reaped after {@code reconnect_timeout} (72h), left
 * members after {@code tombstone_timeout} (24h).
 */
public record SwimConfig(
        long probeIntervalMs,
        long probeTimeoutMs,
        int indirectChecks,
        int suspicionMult,
        int suspicionMaxTimeoutMult,
        int retransmitMult,
        long gossipIntervalMs,
        int gossipNodes,
        long gossipToTheDeadMs,
        long pushPullIntervalMs,
        int awarenessMaxMultiplier,
        long tcpTimeoutMs,
        int maxPacketBytes,
        long reconnectIntervalMs,
        long reconnectTimeoutMs,
        long tombstoneTimeoutMs,
        long reapIntervalMs,
        long deadNodeReclaimMs,
        long keyringReplyTimeoutMs) {

    public SwimConfig {
        // Consul's -dev profile sets both to 100ms, which memberlist accepts: equal is allowed.
        if (probeTimeoutMs <= 0 || probeIntervalMs < probeTimeoutMs) {
            throw new IllegalArgumentException("gossip probe interval (" + probeIntervalMs
                    + " ms) must be at least the probe timeout (" + probeTimeoutMs + " ms), both positive");
        }
        if (suspicionMult < 1 || suspicionMaxTimeoutMult < 1 || retransmitMult < 1 || gossipNodes < 1
                || awarenessMaxMultiplier < 1 || indirectChecks < 0) {
            throw new IllegalArgumentException("gossip multipliers and fan-outs must be at least 1 (indirect checks at least 0)");
        }
    }

    private static final long HOUR = 3_600_000L;

    public static SwimConfig lan() {
        return new SwimConfig(1000, 500, 3, 4, 6, 4, 200, 3, 30_000, 30_000, 8, 10_000, 1400,
                30_000, 72 * HOUR, 24 * HOUR, 15_000, 30_000, 5_000);
    }

    public static SwimConfig wan() {
        return new SwimConfig(5000, 3000, 3, 6, 6, 4, 500, 4, 60_000, 60_000, 8, 30_000, 1400,
                30_000, 72 * HOUR, 24 * HOUR, 15_000, 30_000, 15_000);
    }

    public static SwimConfig local() {
        return new SwimConfig(1000, 200, 1, 3, 6, 2, 100, 3, 15_000, 15_000, 8, 1_000, 1400,
                10_000, 72 * HOUR, 24 * HOUR, 5_000, 30_000, 2_000);
    }

    public SwimConfig withReaping(Duration reconnectTimeout, Duration tombstoneTimeout) {
        return new SwimConfig(probeIntervalMs, probeTimeoutMs, indirectChecks, suspicionMult, suspicionMaxTimeoutMult,
                retransmitMult, gossipIntervalMs, gossipNodes, gossipToTheDeadMs, pushPullIntervalMs,
                awarenessMaxMultiplier, tcpTimeoutMs, maxPacketBytes, reconnectIntervalMs,
                reconnectTimeout.toMillis(), tombstoneTimeout.toMillis(), reapIntervalMs, deadNodeReclaimMs,
                keyringReplyTimeoutMs);
    }

    public SwimConfig withProbing(long probeIntervalMs, long probeTimeoutMs, long gossipIntervalMs) {
        return new SwimConfig(probeIntervalMs, probeTimeoutMs, indirectChecks, suspicionMult, suspicionMaxTimeoutMult,
                retransmitMult, gossipIntervalMs, gossipNodes, gossipToTheDeadMs, pushPullIntervalMs,
                awarenessMaxMultiplier, tcpTimeoutMs, maxPacketBytes, reconnectIntervalMs, reconnectTimeoutMs,
                tombstoneTimeoutMs, reapIntervalMs, deadNodeReclaimMs, keyringReplyTimeoutMs);
    }

    /** Consul's {@code gossip_lan}/{@code gossip_wan} {@code suspicion_mult}, {@code retransmit_mult}, {@code gossip_nodes}. */
    public SwimConfig withMultipliers(int suspicionMult, int retransmitMult, int gossipNodes) {
        return new SwimConfig(probeIntervalMs, probeTimeoutMs, indirectChecks, suspicionMult, suspicionMaxTimeoutMult,
                retransmitMult, gossipIntervalMs, gossipNodes, gossipToTheDeadMs, pushPullIntervalMs,
                awarenessMaxMultiplier, tcpTimeoutMs, maxPacketBytes, reconnectIntervalMs, reconnectTimeoutMs,
                tombstoneTimeoutMs, reapIntervalMs, deadNodeReclaimMs, keyringReplyTimeoutMs);
    }

    public SwimConfig withPushPullInterval(long pushPullIntervalMs) {
        return new SwimConfig(probeIntervalMs, probeTimeoutMs, indirectChecks, suspicionMult, suspicionMaxTimeoutMult,
                retransmitMult, gossipIntervalMs, gossipNodes, gossipToTheDeadMs, pushPullIntervalMs,
                awarenessMaxMultiplier, tcpTimeoutMs, maxPacketBytes, reconnectIntervalMs, reconnectTimeoutMs,
                tombstoneTimeoutMs, reapIntervalMs, deadNodeReclaimMs, keyringReplyTimeoutMs);
    }

    /** SWIM's dissemination bound: each update is sent about retransmitMult * log10(n+1) times. */
    public int retransmitLimit(int clusterSize) {
        return retransmitMult * (int) Math.ceil(Math.log10(clusterSize + 1.0));
    }

    /** Lifeguard's minimum suspicion timeout, growing with log10 of the cluster size. */
    public long suspicionMinTimeoutMs(int clusterSize) {
        double scale = Math.max(1.0, Math.log10(Math.max(1.0, clusterSize)));
        return (long) (suspicionMult * scale * probeIntervalMs);
    }
}
