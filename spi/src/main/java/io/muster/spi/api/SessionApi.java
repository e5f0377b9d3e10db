package io.muster.spi.api;

import io.muster.spi.model.Session;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The session endpoint ({@code /v1/session}). */
public interface SessionApi {
    /** Completes with the new session's id. */
    CompletionStage<String> create(SessionRequest request, WriteOptions options);

    CompletionStage<Boolean> destroy(String id, WriteOptions options);

    CompletionStage<QueryResult<Optional<Session>>> info(String id, QueryOptions options);

    CompletionStage<QueryResult<List<Session>>> node(String node, QueryOptions options);

    CompletionStage<QueryResult<List<Session>>> list(QueryOptions options);

    /** Resets the TTL; empty when the session no longer exists (HTTP 404). */
    CompletionStage<Optional<Session>> renew(String id, WriteOptions options);
}
