package io.muster.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.filter.Filter;
import io.muster.http.json.ConsulJson;
import io.muster.http.json.ConsulRequests;
import io.muster.http.server.ApiRequest;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.Json;
import io.muster.http.server.Router;
import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.CatalogDeregistration;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.QueryOptions;

import java.util.Map;

/** {@code /v1/catalog/*}. */
public final class CatalogRoutes {
    private CatalogRoutes() {
    }

    public static void register(Router router, CatalogApi catalog) {
        router.put("/v1/catalog/register", req -> {
            CatalogRegistration registration = ConsulRequests.catalogRegistration(req.jsonBody());
            return catalog.register(registration, req.writeOptions()).thenApply(ok -> ApiResponse.json(Replies.bool(ok)));
        });
        router.put("/v1/catalog/deregister", req -> {
            CatalogDeregistration deregistration = ConsulRequests.catalogDeregistration(req.jsonBody());
            return catalog.deregister(deregistration, req.writeOptions())
                    .thenApply(ok -> ApiResponse.json(Replies.bool(ok)));
        });
        router.get("/v1/catalog/datacenters", req -> catalog.datacenters()
                .thenApply(dcs -> ApiResponse.json(ConsulJson.strings(dcs))));
        router.get("/v1/catalog/nodes", req -> {
            QueryOptions options = req.queryOptions();
            Filter filter = req.filter();
            return catalog.nodes(options).thenApply(result -> {
                ArrayNode nodes = Json.array();
                result.value().forEach(n -> nodes.add(ConsulJson.node(n)));
                return ApiResponse.query(result, ApiRequest.filtered(filter, nodes));
            });
        });
        router.get("/v1/catalog/services", req -> {
            QueryOptions options = req.queryOptions();
            Filter filter = req.filter();
            return catalog.services(options).thenApply(result -> {
                ObjectNode services = Json.object();
                for (Map.Entry<String, java.util.List<String>> e : new java.util.TreeMap<>(result.value()).entrySet()) {
                    if (filter != null) {
                        ObjectNode datum = Json.object();
                        datum.put("ServiceName", e.getKey());
                        datum.set("ServiceTags", ConsulJson.strings(e.getValue()));
                        if (!filter.matches(datum)) {
                            continue;
                        }
                    }
                    services.set(e.getKey(), ConsulJson.strings(e.getValue()));
                }
                return ApiResponse.query(result, services);
            });
        });
        router.get("/v1/catalog/service/", req -> {
            String name = Replies.required(req.suffix(), "Missing service name");
            QueryOptions options = req.queryOptions();
            Filter filter = req.filter();
            return catalog.service(name, req.params("tag"), options).thenApply(result -> {
                ArrayNode rows = Json.array();
                result.value().forEach(sn -> rows.add(ConsulJson.serviceNode(sn)));
                return ApiResponse.query(result, ApiRequest.filtered(filter, rows));
            });
        });
        // Muster has no service mesh: connect lookups block like the plain service query and answer empty.
        router.get("/v1/catalog/connect/", req -> {
            String name = Replies.required(req.suffix(), "Missing service name");
            return catalog.service(name, java.util.List.of(), req.queryOptions())
                    .thenApply(result -> ApiResponse.query(result, Json.array()));
        });
        router.get("/v1/catalog/node/", req -> {
            String node = Replies.required(req.suffix(), "Missing node name");
            QueryOptions options = req.queryOptions();
            Filter filter = req.filter();
            return catalog.node(node, options).thenApply(result -> {
                JsonNode body = result.value().map(ns -> {
                    ObjectNode json = (ObjectNode) ConsulJson.nodeServicesMap(ns);
                    json.set("Services", ApiRequest.filtered(filter, json.get("Services")));
                    return (JsonNode) json;
                }).orElse(NullNode.getInstance());
                return ApiResponse.query(result, body);
            });
        });
        router.get("/v1/catalog/node-services/", req -> {
            String node = Replies.required(req.suffix(), "Missing node name");
            QueryOptions options = req.queryOptions();
            Filter filter = req.filter();
            return catalog.node(node, options).thenApply(result -> {
                if (result.value().isEmpty()) {
                    return ApiResponse.text(404, "Node not found").withQueryMeta(result);
                }
                ObjectNode json = (ObjectNode) ConsulJson.nodeServicesList(result.value().get());
                json.set("Services", ApiRequest.filtered(filter, json.get("Services")));
                return ApiResponse.query(result, json);
            });
        });
    }
}
