package io.muster.gossip.swim;

/**
 * Lifeguard's local health multiplier: a member that misses acks and nacks, or has to refute suspicions
 * about itself, is probably the slow one, so it stretches its own probe interval and timeout instead of
 * accusing healthy peers.
 */
public final class Awareness {
    private final int max;
    private int score;

    public Awareness(int max) {
        this.max = max;
    }

    public void apply(int delta) {
        score = Math.max(0, Math.min(max - 1, score + delta));
    }

    public int score() {
        return score;
    }

    public long scale(long timeoutMs) {
        return timeoutMs * (score + 1);
    }
}
