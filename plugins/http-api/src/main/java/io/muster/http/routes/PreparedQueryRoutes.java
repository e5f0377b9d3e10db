package io.muster.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.filter.Filter;
import io.muster.http.json.ConsulJson;
import io.muster.http.server.ApiRequest;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.GoDuration;
import io.muster.http.server.HttpError;
import io.muster.http.server.Json;
import io.muster.http.server.Router;
import io.muster.spi.api.Endpoints;
import io.muster.spi.api.PreparedQueryExecution;
import io.muster.spi.model.PreparedQuery;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** {@code /v1/query} and {@code /v1/query/ID[/execute|/explain]}. */
public final class PreparedQueryRoutes {
    private PreparedQueryRoutes() {
    }

    public static void register(Router router, Endpoints endpoints) {
        router.add("/v1/query", Set.of("GET", "POST"), req -> {
            if (req.method().equals("POST")) {
                Map<String, Object> body = Json.readObjectAsMap(req.body(), "structs.PreparedQuery");
                return endpoints.preparedQuery().create(body, req.writeOptions())
                        .thenApply(id -> ApiResponse.json(Json.object().put("ID", id)));
            }
            Filter filter = req.filter();
            return endpoints.preparedQuery().list(req.queryOptions()).thenApply(result -> {
                ArrayNode out = Json.array();
                result.value().forEach(q -> out.add(query(q)));
                return ApiResponse.query(result, ApiRequest.filtered(filter, out));
            });
        });
        router.add("/v1/query/", Set.of("GET", "PUT", "DELETE"), req -> one(req, endpoints));
    }

    private static CompletionStage<ApiResponse> one(ApiRequest req, Endpoints endpoints) {
        String path = req.suffix();
        if (path.endsWith("/execute")) {
            requireGet(req);
            String id = path.substring(0, path.length() - "/execute".length());
            long limit = req.unsignedParam("limit", 0);
            return endpoints.preparedQuery().execute(id, req.param("near"), (int) Math.min(Integer.MAX_VALUE, limit),
                    req.queryOptions()).thenApply(result -> ApiResponse.query(result, execution(result.value())));
        }
        if (path.endsWith("/explain")) {
            requireGet(req);
            String id = path.substring(0, path.length() - "/explain".length());
            return endpoints.preparedQuery().explain(id, req.queryOptions()).thenApply(result ->
                    ApiResponse.query(result, Json.object().set("Query", query(result.value()))));
        }
        if (path.isEmpty() || path.contains("/")) {
            throw HttpError.notFound("404 page not found");
        }
        switch (req.method()) {
            case "GET":
                return endpoints.preparedQuery().get(path, req.queryOptions()).thenApply(result ->
                        ApiResponse.query(result, Json.array().add(query(result.value()))));
            case "PUT":
                Map<String, Object> body = Json.readObjectAsMap(req.body(), "structs.PreparedQuery");
                return endpoints.preparedQuery().update(path, body, req.writeOptions())
                        .thenApply(v -> ApiResponse.empty());
            default:
                return endpoints.preparedQuery().delete(path, req.writeOptions()).thenApply(v -> ApiResponse.empty());
        }
    }

    private static void requireGet(ApiRequest req) {
        if (!req.method().equals("GET")) {
            throw new HttpError(405, "method " + req.method() + " not allowed");
        }
    }

    /** Consul's PreparedQuery with its RaftIndex flattened; empty lists and maps print as null, as Go's nil. */
    static ObjectNode query(PreparedQuery q) {
        ObjectNode out = Json.object();
        out.put("ID", q.id());
        out.put("Name", q.name());
        out.put("Session", q.session());
        out.put("Token", q.token());
        Map<String, Object> def = q.definition();
        Map<?, ?> template = map(def.get("Template"));
        ObjectNode t = out.putObject("Template");
        t.set("Type", plain(template.get("Type"), ""));
        t.set("Regexp", plain(template.get("Regexp"), ""));
        t.set("RemoveEmptyTags", plain(template.get("RemoveEmptyTags"), false));
        Map<?, ?> service = map(def.get("Service"));
        Map<?, ?> failover = map(service.get("Failover"));
        ObjectNode s = out.putObject("Service");
        s.set("Service", plain(service.get("Service"), ""));
        ObjectNode f = s.putObject("Failover");
        f.set("NearestN", plain(failover.get("NearestN"), 0));
        f.set("Datacenters", nilIfEmpty(failover.get("Datacenters")));
        f.putNull("Targets");
        s.set("IgnoreCheckIDs", nilIfEmpty(service.get("IgnoreCheckIDs")));
        s.set("OnlyPassing", plain(service.get("OnlyPassing"), false));
        s.set("Near", plain(service.get("Near"), ""));
        s.set("Tags", nilIfEmpty(service.get("Tags")));
        s.set("NodeMeta", nilIfEmpty(service.get("NodeMeta")));
        s.set("ServiceMeta", nilIfEmpty(service.get("ServiceMeta")));
        s.set("Connect", plain(service.get("Connect"), false));
        s.put("Peer", "");
        s.put("SamenessGroup", "");
        ObjectNode dns = out.putObject("DNS");
        dns.set("TTL", plain(map(def.get("DNS")).get("TTL"), ""));
        out.put("CreateIndex", q.createIndex());
        out.put("ModifyIndex", q.modifyIndex());
        return out;
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }

    private static JsonNode plain(Object value, Object fallback) {
        return ConsulJson.plainTree(value == null ? fallback : value);
    }

    private static JsonNode nilIfEmpty(Object value) {
        boolean empty = value == null || (value instanceof Collection<?> c && c.isEmpty())
                || (value instanceof Map<?, ?> m && m.isEmpty());
        return empty ? Json.MAPPER.getNodeFactory().nullNode() : ConsulJson.plainTree(value);
    }

    static ObjectNode execution(PreparedQueryExecution e) {
        ObjectNode out = Json.object();
        out.put("Service", e.service());
        ArrayNode nodes = out.putArray("Nodes");
        e.nodes().forEach(h -> nodes.add(ConsulJson.serviceHealth(h)));
        out.putObject("DNS").put("TTL", e.dnsTtl() == null ? "" : GoDuration.format(e.dnsTtl()));
        out.put("Datacenter", e.datacenter());
        out.put("Failovers", e.failovers());
        return out;
    }
}
