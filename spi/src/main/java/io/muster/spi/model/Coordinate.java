package io.muster.spi.model;

import java.util.List;

/** A node's network coordinate (Vivaldi) as {@code /v1/coordinate/nodes} returns it; {@code segment} is "" by default. */
public record Coordinate(String node, String segment, List<Double> vec, double error, double adjustment,
                         double height) {
    public Coordinate {
        segment = segment == null ? "" : segment;
        vec = vec == null ? List.of() : List.copyOf(vec);
    }
}
