package io.muster.spi.api;

import io.muster.spi.model.PreparedQuery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Prepared queries ({@code /v1/query}). Definitions travel as Consul's JSON object (Name, Session, Token,
 * Service, Failover, DNS, Template ...) decoded into maps, lists and scalars; the kernel validates and normalises
 * them (every field present with its default) before storing. Validation failures are INTERNAL with Consul's
 * text; unknown ids NOT_FOUND "Query not found".
 */
public interface PreparedQueryApi {
    /** Completes with the new query's id. */
    CompletionStage<String> create(Map<String, Object> definition, WriteOptions options);

    CompletionStage<Void> update(String id, Map<String, Object> definition, WriteOptions options);

    CompletionStage<Void> delete(String id, WriteOptions options);

    CompletionStage<QueryResult<List<PreparedQuery>>> list(QueryOptions options);

    CompletionStage<QueryResult<PreparedQuery>> get(String id, QueryOptions options);

    /**
     * Runs the query found by id, exact name, or the longest matching name-prefix template. {@code near} overrides
     * the query's Near ("_agent" = this agent's node); {@code limit} > 0 caps the nodes returned.
     */
    CompletionStage<QueryResult<PreparedQueryExecution>> execute(String idOrName, String near, int limit,
                                                                 QueryOptions options);

    /** The query {@link #execute} would run, with a template rendered for {@code idOrName}. */
    CompletionStage<QueryResult<PreparedQuery>> explain(String idOrName, QueryOptions options);
}
