package io.muster.kernel.endpoint;

import io.muster.spi.api.QueryOptions;
import io.muster.spi.model.Coordinate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Vivaldi round-trip estimates between coordinates, and Consul's {@code ?near} sorting built on them. */
final class NetworkDistance {
    /** Consul's alias for "the node of the agent answering the request". */
    static final String AGENT = "_agent";

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

    /** The node {@code near} names: {@code _agent} is this agent's node; null when there is nothing to sort by. */
    static String sourceNode(String near, String selfNodeName) {
        if (near == null || near.isEmpty()) {
            return null;
        }
        return near.equals(AGENT) ? selfNodeName : near;
    }

    /**
     * Consul's {@code ?near}: the rows ordered by estimated RTT from the source node's LAN coordinate, rows whose
     * node has no coordinate last, ties in their given order. Unsorted (as given) when there is no source, the
     * source has no coordinate (an unknown node has none), or the query targets another datacenter.
     */
    static <T> List<T> sortNear(List<T> rows, Function<T, String> nodeOf, QueryOptions options, NodeIdentity self,
                                List<Coordinate> coordinates) {
        return sortNear(rows, nodeOf, options.near(), options.datacenter(), self, coordinates);
    }

    static <T> List<T> sortNear(List<T> rows, Function<T, String> nodeOf, String near, String datacenter,
                                NodeIdentity self, List<Coordinate> coordinates) {
        String source = sourceNode(near, self.nodeName());
        if (source == null || rows.size() < 2
                || (datacenter != null && !datacenter.isEmpty() && !datacenter.equals(self.datacenter()))) {
            return rows;
        }
        Map<String, Coordinate> byNode = new HashMap<>();
        for (Coordinate c : coordinates) {
            if (c.segment().isEmpty()) {
                byNode.put(c.node(), c);
            }
        }
        Coordinate from = byNode.get(source);
        if (from == null) {
            return rows;
        }
        List<T> sorted = new ArrayList<>(rows);
        // List.sort is stable: equal distances (and all the nodes without a coordinate) keep their order
        sorted.sort(Comparator.comparingDouble(row -> {
            String node = nodeOf.apply(row);
            Coordinate to = node == null ? null : byNode.get(node);
            return to == null ? Double.POSITIVE_INFINITY : seconds(from, to);
        }));
        return List.copyOf(sorted);
    }
}
