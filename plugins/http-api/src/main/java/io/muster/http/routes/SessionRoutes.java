package io.muster.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.muster.http.filter.Filter;
import io.muster.http.json.ConsulJson;
import io.muster.http.json.ConsulRequests;
import io.muster.http.server.ApiRequest;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.Json;
import io.muster.http.server.Router;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.SessionApi;
import io.muster.spi.api.SessionRequest;
import io.muster.spi.model.Session;

import java.util.List;

/** {@code /v1/session/*}. */
public final class SessionRoutes {
    private SessionRoutes() {
    }

    public static void register(Router router, SessionApi sessions) {
        router.put("/v1/session/create", req -> {
            SessionRequest request = ConsulRequests.sessionRequest(req.body());
            return sessions.create(request, req.writeOptions())
                    .thenApply(id -> ApiResponse.json(Json.object().put("ID", id)));
        });
        router.put("/v1/session/destroy/", req -> {
            String id = Replies.required(req.suffix(), "Missing session");
            return sessions.destroy(id, req.writeOptions()).thenApply(ok -> ApiResponse.json(Replies.bool(ok)));
        });
        router.put("/v1/session/renew/", req -> {
            String id = Replies.required(req.suffix(), "Missing session");
            return sessions.renew(id, req.writeOptions()).thenApply(renewed -> renewed
                    .map(s -> ApiResponse.json(Json.array().add(ConsulJson.session(s))))
                    .orElseGet(() -> ApiResponse.text(404, "Session id '" + id + "' not found")));
        });
        router.get("/v1/session/info/", req -> {
            String id = Replies.required(req.suffix(), "Missing session");
            QueryOptions options = req.queryOptions();
            return sessions.info(id, options).thenApply(result -> ApiResponse.query(result,
                    list(result.value().map(List::of).orElse(List.of()))));
        });
        router.get("/v1/session/node/", req -> {
            String node = Replies.required(req.suffix(), "Missing node name");
            QueryOptions options = req.queryOptions();
            Filter filter = req.filter();
            return sessions.node(node, options).thenApply(result ->
                    ApiResponse.query(result, ApiRequest.filtered(filter, list(result.value()))));
        });
        router.get("/v1/session/list", req -> {
            QueryOptions options = req.queryOptions();
            Filter filter = req.filter();
            return sessions.list(options).thenApply(result ->
                    ApiResponse.query(result, ApiRequest.filtered(filter, list(result.value()))));
        });
    }

    private static ArrayNode list(List<Session> sessions) {
        ArrayNode out = Json.array();
        sessions.forEach(s -> out.add(ConsulJson.session(s)));
        return out;
    }
}
