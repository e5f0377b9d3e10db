package io.muster.spi.api;

import io.muster.spi.model.Coordinate;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Network coordinates ({@code /v1/coordinate}). */
public interface CoordinateApi {
    /** The WAN coordinates of every known datacenter's servers, the agent's own datacenter first. */
    CompletionStage<List<DatacenterCoordinates>> datacenters();

    /** LAN coordinates of every node in the datacenter (blocking). */
    CompletionStage<QueryResult<List<Coordinate>>> nodes(QueryOptions options);

    /** LAN coordinates of one node, one per segment; empty when the node has none (HTTP 404). */
    CompletionStage<QueryResult<List<Coordinate>>> node(String node, QueryOptions options);

    /** Stores a node's coordinate; fails with BAD_REQUEST when it is invalid or of the wrong dimensionality. */
    CompletionStage<Void> update(Coordinate coordinate, WriteOptions options);
}
