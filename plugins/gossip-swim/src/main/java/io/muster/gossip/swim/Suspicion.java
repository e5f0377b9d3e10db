package io.muster.gossip.swim;

import java.util.HashSet;
import java.util.Set;

/**
 * Lifeguard's dynamic suspicion timeout. A suspicion starts at the maximum timeout and shrinks towards
 * the minimum as independent members confirm it: with k expected confirmations and c received, the
 * timeout is {@code max - (max - min) * log(c + 1) / log(k + 1)}. A node that is really down is declared
 * dead sooner; a slow prober on its own waits longest, giving a healthy target time to refute.
 */
public final class Suspicion {
    private final long startMs;
    private final long minTimeoutMs;
    private final long maxTimeoutMs;
    private final int expectedConfirmations;
    private final Set<String> confirmers = new HashSet<>();
    private long deadlineMs;

    /** {@code firstSuspector} is not counted as a confirmation: it started the suspicion. */
    public Suspicion(String firstSuspector, long startMs, long minTimeoutMs, long maxTimeoutMs, int expectedConfirmations) {
        this.startMs = startMs;
        this.minTimeoutMs = minTimeoutMs;
        this.maxTimeoutMs = Math.max(minTimeoutMs, maxTimeoutMs);
        this.expectedConfirmations = Math.max(0, expectedConfirmations);
        confirmers.add(firstSuspector);
        this.deadlineMs = startMs + (this.expectedConfirmations == 0 ? minTimeoutMs : this.maxTimeoutMs);
    }

    /** @return true when {@code from} is a new, independent confirmation (worth re-gossiping) */
    public boolean confirm(String from) {
        if (confirmations() >= expectedConfirmations || !confirmers.add(from)) {
            return false;
        }
        deadlineMs = startMs + remaining(confirmations());
        return true;
    }

    private long remaining(int confirmations) {
        double fraction = Math.log(confirmations + 1.0) / Math.log(expectedConfirmations + 1.0);
        long timeout = maxTimeoutMs - (long) Math.floor(fraction * (maxTimeoutMs - minTimeoutMs));
        return Math.max(minTimeoutMs, timeout);
    }

    public int confirmations() {
        return confirmers.size() - 1;
    }

    public long deadlineMs() {
        return deadlineMs;
    }
}
