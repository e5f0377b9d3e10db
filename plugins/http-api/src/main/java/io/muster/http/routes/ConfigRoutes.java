package io.muster.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.json.ConsulJson;
import io.muster.http.server.ApiRequest;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.HttpError;
import io.muster.http.server.Json;
import io.muster.http.server.Router;
import io.muster.spi.api.Endpoints;
import io.muster.spi.model.ConfigEntry;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** {@code PUT /v1/config}, {@code GET /v1/config/KIND}, {@code GET|DELETE /v1/config/KIND/NAME}. */
public final class ConfigRoutes {
    private ConfigRoutes() {
    }

    public static void register(Router router, Endpoints endpoints) {
        router.put("/v1/config", req -> {
            Map<String, Object> body = Json.readObjectAsMap(req.body(), "structs.ConfigEntry");
            Long cas = req.has("cas") ? req.unsignedParam("cas", 0) : null;
            return endpoints.configEntry().apply(body, cas, req.writeOptions())
                    .thenApply(ok -> ApiResponse.json(Replies.bool(ok)));
        });
        router.add("/v1/config/", Set.of("GET", "DELETE"), req -> entries(req, endpoints));
    }

    private static CompletionStage<ApiResponse> entries(ApiRequest req, Endpoints endpoints) {
        String[] parts = req.suffix().isEmpty() ? new String[0] : req.suffix().split("/", -1);
        if (req.method().equals("DELETE")) {
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw HttpError.badRequest("Must provide both a kind and name to delete");
            }
            Long cas = req.has("cas") ? req.unsignedParam("cas", 0) : null;
            return endpoints.configEntry().delete(parts[0], parts[1], cas, req.writeOptions())
                    .thenApply(ok -> cas == null ? ApiResponse.json(Json.object()) : ApiResponse.json(Replies.bool(ok)));
        }
        if (parts.length == 1 && !parts[0].isEmpty()) {
            return endpoints.configEntry().list(parts[0], req.queryOptions()).thenApply(result -> {
                ArrayNode out = Json.array();
                result.value().forEach(e -> out.add(entry(e)));
                return ApiResponse.query(result, ApiRequest.filtered(req.filter(), out));
            });
        }
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            String kind = parts[0];
            String name = parts[1];
            return endpoints.configEntry().get(kind, name, req.queryOptions()).thenApply(result -> result.value()
                    .map(e -> ApiResponse.query(result, entry(e)))
                    .orElseGet(() -> ApiResponse.text(404, "Config entry not found for \"" + kind + "\" / \""
                            + name + "\"").withQueryMeta(result)));
        }
        throw HttpError.badRequest("Must provide either a kind or both kind and name");
    }

    /** Kind and Name first, the entry's own fields as stored, then the indexes. */
    static ObjectNode entry(ConfigEntry e) {
        ObjectNode out = Json.object();
        out.put("Kind", e.kind());
        out.put("Name", e.name());
        e.body().forEach((k, v) -> out.set(k, ConsulJson.plainTree(v)));
        out.put("CreateIndex", e.createIndex());
        out.put("ModifyIndex", e.modifyIndex());
        return out;
    }
}
