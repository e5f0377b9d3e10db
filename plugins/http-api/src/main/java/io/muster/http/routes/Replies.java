package io.muster.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.HttpError;
import io.muster.http.server.Json;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Small helpers shared by the route classes. */
final class Replies {
    private Replies() {
    }

    static CompletionStage<ApiResponse> now(ApiResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    static CompletionStage<ApiResponse> now(JsonNode body) {
        return now(ApiResponse.json(body));
    }

    static JsonNode bool(boolean value) {
        return Json.MAPPER.getNodeFactory().booleanNode(value);
    }

    /** The first path segment after the route prefix, required; Consul's "Missing ..." 400 otherwise. */
    static String required(String value, String missingMessage) {
        if (value == null || value.isEmpty()) {
            throw HttpError.badRequest(missingMessage);
        }
        return value;
    }
}
