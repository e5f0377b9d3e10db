package io.muster.spi.api;

import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.ServiceNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The catalog endpoint ({@code /v1/catalog}). */
public interface CatalogApi {
    CompletionStage<Boolean> register(CatalogRegistration registration, WriteOptions options);

    CompletionStage<Boolean> deregister(CatalogDeregistration deregistration, WriteOptions options);

    /** Known datacenters, the agent's own first, then by distance. */
    CompletionStage<List<String>> datacenters();

    CompletionStage<QueryResult<List<Node>>> nodes(QueryOptions options);

    /** Service name to the union of its instances' tags. */
    CompletionStage<QueryResult<Map<String, List<String>>>> services(QueryOptions options);

    /** Instances of a service; with tags, only instances carrying every tag. */
    CompletionStage<QueryResult<List<ServiceNode>>> service(String name, List<String> tags, QueryOptions options);

    CompletionStage<QueryResult<Optional<NodeServices>>> node(String name, QueryOptions options);
}
