package io.muster.http.server;

import java.util.concurrent.CompletionStage;

/**
 * Serves one route. Runs on an I/O thread: it must not block; anything that waits (blocking queries, writes
 * through consensus) is a stage from the endpoints that completes later.
 */
@FunctionalInterface
public interface RouteHandler {
    CompletionStage<ApiResponse> handle(ApiRequest request) throws Exception;
}
