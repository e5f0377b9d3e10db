package io.muster.kernel.endpoint;

import io.muster.kernel.consensus.Command;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.CoordinateApi;
import io.muster.spi.api.DatacenterCoordinates;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.Coordinate;
import io.muster.spi.store.StateStore;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /v1/coordinate}: LAN coordinates from the store; the WAN view is this datacenter's servers. */
final class CoordinateEndpoint implements CoordinateApi {
    /** Consul's Vivaldi dimensionality. */
    static final int DIMENSIONALITY = 8;

    private final StateStore store;
    private final Proposer proposer;
    private final BlockingQueries queries;
    private final NodeIdentity self;

    CoordinateEndpoint(StateStore store, Proposer proposer, BlockingQueries queries, NodeIdentity self) {
        this.store = store;
        this.proposer = proposer;
        this.queries = queries;
        this.self = self;
    }

    @Override
    public CompletionStage<List<DatacenterCoordinates>> datacenters() {
        // Without a WAN pool of other datacenters, the map holds this one; its servers are named node.dc.
        List<Coordinate> own = store.coordinates().value().stream()
                .filter(c -> c.node().equals(self.nodeName()) && c.segment().isEmpty())
                .map(c -> new Coordinate(c.node() + "." + self.datacenter(), "", c.vec(), c.error(), c.adjustment(),
                        c.height()))
                .toList();
        return CompletableFuture.completedFuture(List.of(new DatacenterCoordinates(self.datacenter(), "wan", own)));
    }

    @Override
    public CompletionStage<QueryResult<List<Coordinate>>> nodes(QueryOptions options) {
        return queries.query(options, store::coordinates);
    }

    @Override
    public CompletionStage<QueryResult<List<Coordinate>>> node(String node, QueryOptions options) {
        return queries.query(options, () -> store.coordinates()
                .map(all -> all.stream().filter(c -> c.node().equals(node)).toList()));
    }

    @Override
    public CompletionStage<Void> update(Coordinate coordinate, WriteOptions options) {
        try {
            validate(coordinate);
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        return proposer.propose(new Command.CoordinateUpdate(List.of(coordinate)), Boolean.class,
                ApiException.Kind.INTERNAL).thenApply(ok -> null);
    }

    /** Consul refuses coordinates with NaN/Inf components and those of another dimensionality. */
    static void validate(Coordinate c) {
        if (c.node() == null || c.node().isEmpty()) {
            throw ApiException.badRequest("Missing node name for the coordinate update");
        }
        if (c.vec().size() != DIMENSIONALITY) {
            throw ApiException.badRequest("Coordinate of node " + c.node() + " has " + c.vec().size()
                    + " dimensions, expected " + DIMENSIONALITY + ": coordinate is not compatible with this server's");
        }
        boolean finite = c.vec().stream().allMatch(v -> v != null && Double.isFinite(v))
                && Double.isFinite(c.error()) && Double.isFinite(c.adjustment()) && Double.isFinite(c.height());
        if (!finite) {
            throw ApiException.badRequest("invalid coordinate for node " + c.node()
                    + ": every component must be a finite number");
        }
    }
}
