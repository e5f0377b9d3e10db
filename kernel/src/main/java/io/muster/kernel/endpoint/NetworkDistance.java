package io.muster.kernel.endpoint;

import io.muster.spi.model.Coordinate;

import java.util.List;

/** Vivaldi round-trip estimates between coordinates, as Consul's {@code ?near} sorting uses them. */
final class NetworkDistance {
    private NetworkDistance() {
    }

    /** Estimated RTT in seconds: Euclidean distance plus both heights, plus adjustments when that stays positive. */
    static double seconds(Coordinate a, Coordinate b) {
        List<Double> va = a.vec();
        List<Double> vb = b.vec();
        double sum = 0;
        for (int i = 0; i < Math.min(va.size(), vb.size()); i++) {
            double d = va.get(i) - vb.get(i);
            sum += d * d;
        }
        double rtt = Math.sqrt(sum) + a.height() + b.height();
        double adjusted = rtt + a.adjustment() + b.adjustment();
        return adjusted > 0 ? adjusted : rtt;
    }
}
