package io.muster.gossip.coordinate;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * This node's Vivaldi coordinate as a pure state machine: every observation (a peer's coordinate and the RTT
 * measured to it) comes in through {@link #update}; there is no clock or I/O. Follows serf's client: a per-peer
 * median latency filter, the spring update weighted by both error estimates, a windowed adjustment term, gravity
 * towards the origin, and a reset to the origin should the coordinate ever become invalid. The only randomness
 * (a direction for coincident points) comes from the generator passed in. Not thread-safe: one thread drives it.
 */
public final class VivaldiClient {
    /** serf refuses RTTs above this: such a sample is an artefact, not a network distance. */
    public static final double MAX_RTT_SECONDS = 10.0;
    private static final double ZERO_THRESHOLD = 1.0e-6;

    private final VivaldiConfig config;
    private final Random random;
    private final VivaldiCoordinate origin;
    private final double[] adjustmentSamples;
    private final Map<String, Deque<Double>> latencySamples = new HashMap<>();
    private VivaldiCoordinate coordinate;
    private int adjustmentIndex;
    private int resets;

    public VivaldiClient(VivaldiConfig config, Random random) {
        this.config = config;
        this.random = random;
        this.origin = VivaldiCoordinate.origin(config);
        this.coordinate = origin;
        this.adjustmentSamples = new double[config.adjustmentWindow()];
    }

    public VivaldiCoordinate coordinate() {
        return coordinate;
    }

    /** How many times the coordinate became invalid and was put back at the origin. */
    public int resets() {
        return resets;
    }

    /** Drops a peer's latency samples (it left or was reaped). */
    public void forget(String node) {
        latencySamples.remove(node);
    }

    /**
     * Feeds one observation: {@code peer} answered with coordinate {@code other} after {@code rttSeconds}.
     * Returns why it was rejected (the coordinate is then unchanged), or empty when it was applied.
     */
    public Optional<String> update(String peer, VivaldiCoordinate other, double rttSeconds) {
        if (other == null) {
            return Optional.of("no coordinate from " + peer);
        }
        if (!coordinate.isCompatibleWith(other)) {
            return Optional.of("coordinate from " + peer + " has " + other.dimensionality() + " dimensions, expected "
                    + coordinate.dimensionality());
        }
        if (!other.isValid()) {
            return Optional.of("coordinate from " + peer + " has a NaN or infinite component: " + other);
        }
        if (!(rttSeconds >= 0 && rttSeconds <= MAX_RTT_SECONDS)) {
            return Optional.of("round-trip time " + rttSeconds + " s to " + peer + " is not between 0 and "
                    + MAX_RTT_SECONDS + " s");
        }
        double rtt = filteredLatency(peer, rttSeconds);
        updateVivaldi(other, rtt);
        updateAdjustment(other, rtt);
        updateGravity();
        if (!coordinate.isValid()) {
            resets++;
            coordinate = origin;
        }
        return Optional.empty();
    }

    /** The median of the peer's last few samples. */
    private double filteredLatency(String peer, double rttSeconds) {
        Deque<Double> samples = latencySamples.computeIfAbsent(peer, p -> new ArrayDeque<>(config.latencyFilterSize() + 1));
        samples.addLast(rttSeconds);
        if (samples.size() > config.latencyFilterSize()) {
            samples.removeFirst();
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private void updateVivaldi(VivaldiCoordinate other, double rttSeconds) {
        double rtt = Math.max(rttSeconds, ZERO_THRESHOLD);
        double dist = coordinate.distanceTo(other);
        double wrongness = Math.abs(dist - rtt) / rtt;
        double totalError = Math.max(coordinate.error() + other.error(), ZERO_THRESHOLD);
        double weight = coordinate.error() / totalError;
        double error = config.ce() * weight * wrongness + coordinate.error() * (1.0 - config.ce() * weight);
        coordinate = coordinate.withError(Math.min(error, config.errorMax()));
        double force = config.cc() * weight * (rtt - dist);
        coordinate = coordinate.applyForce(config, random, force, other);
    }

    private void updateAdjustment(VivaldiCoordinate other, double rttSeconds) {
        if (adjustmentSamples.length == 0) {
            return;
        }
        adjustmentSamples[adjustmentIndex] = rttSeconds - coordinate.rawDistanceTo(other);
        adjustmentIndex = (adjustmentIndex + 1) % adjustmentSamples.length;
        double sum = 0;
        for (double s : adjustmentSamples) {
            sum += s;
        }
        coordinate = coordinate.withAdjustment(sum / (2.0 * adjustmentSamples.length));
    }

    private void updateGravity() {
        double dist = origin.distanceTo(coordinate);
        double force = -1.0 * Math.pow(dist / config.gravityRho(), 2.0);
        coordinate = coordinate.applyForce(config, random, force, origin);
    }
}
