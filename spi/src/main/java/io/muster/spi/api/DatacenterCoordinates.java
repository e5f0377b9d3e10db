package io.muster.spi.api;

import io.muster.spi.model.Coordinate;

import java.util.List;

/** One entry of {@code /v1/coordinate/datacenters}; node names are {@code node.dc} as in the WAN pool. */
public record DatacenterCoordinates(String datacenter, String areaId, List<Coordinate> coordinates) {
    public DatacenterCoordinates {
        coordinates = List.copyOf(coordinates);
    }
}
