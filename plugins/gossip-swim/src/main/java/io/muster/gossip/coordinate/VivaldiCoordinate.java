package io.muster.gossip.coordinate;

import java.util.Arrays;

/**
 * A point in Vivaldi space: a Euclidean vector plus a height (both in seconds), the node's error estimate and
 * its adjustment term. Immutable: the vector is copied in and out.
 */
public final class VivaldiCoordinate {
    private static final double ZERO_THRESHOLD = 1.0e-6;

    private final double[] vec;
    private final double error;
    private final double adjustment;
    private final double height;

    public VivaldiCoordinate(double[] vec, double error, double adjustment, double height) {
        this.vec = vec.clone();
        this.error = error;
        this.adjustment = adjustment;
        this.height = height;
    }

    /** Where every node starts: the origin with the largest error. */
    public static VivaldiCoordinate origin(VivaldiConfig config) {
        return new VivaldiCoordinate(new double[config.dimensionality()], config.errorMax(), 0.0, config.heightMin());
    }

    public double[] vec() {
        return vec.clone();
    }

    public int dimensionality() {
        return vec.length;
    }

    public double error() {
        return error;
    }

    public double adjustment() {
        return adjustment;
    }

    public double height() {
        return height;
    }

    /** False when any component is NaN or infinite. */
    public boolean isValid() {
        for (double v : vec) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return Double.isFinite(error) && Double.isFinite(adjustment) && Double.isFinite(height);
    }

    public boolean isCompatibleWith(VivaldiCoordinate other) {
        return vec.length == other.vec.length;
    }

    /** Estimated round-trip time in seconds: with the adjustments when that keeps it positive. */
    public double distanceTo(VivaldiCoordinate other) {
        requireCompatible(other);
        double raw = rawDistanceTo(other);
        double adjusted = raw + adjustment + other.adjustment;
        return adjusted > 0.0 ? adjusted : raw;
    }

    double rawDistanceTo(VivaldiCoordinate other) {
        return magnitude(diff(vec, other.vec)) + height + other.height;
    }

    /** Moves this coordinate by {@code force} along the line from {@code other} (away when positive). */
    VivaldiCoordinate applyForce(VivaldiConfig config, java.util.Random random, double force, VivaldiCoordinate other) {
        requireCompatible(other);
        double[] unit = new double[vec.length];
        double mag = unitVectorAt(random, vec, other.vec, unit);
        double[] moved = new double[vec.length];
        for (int i = 0; i < vec.length; i++) {
            moved[i] = vec[i] + unit[i] * force;
        }
        double newHeight = height;
        if (mag > ZERO_THRESHOLD) {
            newHeight = Math.max((height + other.height) * force / mag + height, config.heightMin());
        }
        return new VivaldiCoordinate(moved, error, adjustment, newHeight);
    }

    VivaldiCoordinate withError(double newError) {
        return new VivaldiCoordinate(vec, newError, adjustment, height);
    }

    VivaldiCoordinate withAdjustment(double newAdjustment) {
        return new VivaldiCoordinate(vec, error, newAdjustment, height);
    }

    private void requireCompatible(VivaldiCoordinate other) {
        if (!isCompatibleWith(other)) {
            throw new IllegalArgumentException("coordinate dimensionality does not match: " + vec.length + " and "
                    + other.vec.length);
        }
    }

    /**
     * Fills {@code unit} with the unit vector from b to a and returns the distance; for coincident points a
     * random direction (from the seeded generator, so runs replay) and 0.
     */
    private static double unitVectorAt(java.util.Random random, double[] a, double[] b, double[] unit) {
        double[] d = diff(a, b);
        double mag = magnitude(d);
        if (mag > ZERO_THRESHOLD) {
            for (int i = 0; i < d.length; i++) {
                unit[i] = d[i] / mag;
            }
            return mag;
        }
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextDouble() - 0.5;
        }
        double randomMag = magnitude(d);
        if (randomMag > ZERO_THRESHOLD) {
            for (int i = 0; i < d.length; i++) {
                unit[i] = d[i] / randomMag;
            }
        } else {
            Arrays.fill(unit, 0.0);
            unit[0] = 1.0;
        }
        return 0.0;
    }

    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double magnitude(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VivaldiCoordinate c && Arrays.equals(vec, c.vec)
                && Double.compare(error, c.error) == 0 && Double.compare(adjustment, c.adjustment) == 0
                && Double.compare(height, c.height) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(vec) + Double.hashCode(error) + 7 * Double.hashCode(height);
    }

    @Override
    public String toString() {
        return "VivaldiCoordinate" + Arrays.toString(vec) + " error=" + error + " adjustment=" + adjustment
                + " height=" + height;
    }
}
