package io.muster.gossip.coordinate;

/**
 * Tuning of the Vivaldi network-coordinate algorithm; {@link #DEFAULT} holds serf's defaults, which Consul uses.
 * Distances and heights are in seconds.
 *
 * @param dimensionality       Euclidean dimensions of a coordinate (besides the height)
 * @param errorMax             the error estimate of a fresh coordinate, and its upper bound
 * @param ce                   how fast the error estimate moves towards an observation's relative error
 * @param cc                   how far one observation moves the coordinate (times the relative confidence)
 * @param adjustmentWindow     samples of (rtt - distance) averaged into the adjustment term
 * @param heightMin            the least height a coordinate keeps (the access-link delay)
 * @param latencyFilterSize    RTT samples per peer whose median is used, to shed outliers
 * @param gravityRho           distance scale of the pull back to the origin that stops the whole system drifting
 */
public record VivaldiConfig(int dimensionality, double errorMax, double ce, double cc, int adjustmentWindow,
                            double heightMin, int latencyFilterSize, double gravityRho) {
    public static final VivaldiConfig DEFAULT = new VivaldiConfig(8, 1.5, 0.25, 0.25, 20, 10.0e-6, 3, 150.0);

    public VivaldiConfig {
        if (dimensionality <= 0) {
            throw new IllegalArgumentException("Vivaldi dimensionality must be > 0, got " + dimensionality);
        }
        if (latencyFilterSize <= 0) {
            throw new IllegalArgumentException("Vivaldi latency filter size must be > 0, got " + latencyFilterSize);
        }
        if (adjustmentWindow < 0) {
            throw new IllegalArgumentException("Vivaldi adjustment window must be >= 0, got " + adjustmentWindow);
        }
    }
}
