package io.muster.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.muster.http.filter.Filter;
import io.muster.http.json.ConsulJson;
import io.muster.http.server.ApiRequest;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.HttpError;
import io.muster.http.server.Json;
import io.muster.http.server.Router;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.model.HealthCheck;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** {@code /v1/health/*}. */
public final class HealthRoutes {
    private HealthRoutes() {
    }

    public static void register(Router router, HealthApi health, io.muster.spi.api.CatalogApi catalog) {
        router.get("/v1/health/node/", req -> {
            String node = Replies.required(req.suffix(), "Missing node name");
            return checks(req, options -> health.node(node, options));
        });
        router.get("/v1/health/checks/", req -> {
            String service = Replies.required(req.suffix(), "Missing service name");
            return checks(req, options -> health.checks(service, options));
        });
        router.get("/v1/health/state/", req -> {
            String state = Replies.required(req.suffix(), "Missing check state");
            switch (state) {
                case "any": case "passing": case "warning": case "critical": break;
                default: throw HttpError.badRequest("Invalid check state: '" + state + "'");
            }
            return checks(req, options -> health.state(state, options));
        });
        router.get("/v1/health/service/", req -> {
            String service = Replies.required(req.suffix(), "Missing service name");
            QueryOptions options = req.queryOptions();
            boolean passing = req.boolParam("passing");
            Filter filter = req.filter();
            return health.service(service, req.params("tag"), passing, options).thenApply(result -> {
                ArrayNode rows = Json.array();
                result.value().forEach(h -> rows.add(ConsulJson.serviceHealth(h)));
                return ApiResponse.query(result, ApiRequest.filtered(filter, rows));
            });
        });
        // No service mesh: connect and ingress lookups block like the service query and answer empty.
        for (String path : List.of("/v1/health/connect/", "/v1/health/ingress/")) {
            router.get(path, req -> {
                String service = Replies.required(req.suffix(), "Missing service name");
                QueryOptions options = req.queryOptions();
                req.boolParam("passing");
                return catalog.service(service, List.of(), options)
                        .thenApply(result -> ApiResponse.query(result, Json.array()));
            });
        }
    }

    private static CompletionStage<ApiResponse> checks(ApiRequest req,
            java.util.function.Function<QueryOptions, CompletionStage<QueryResult<List<HealthCheck>>>> call) {
        QueryOptions options = req.queryOptions();
        Filter filter = req.filter();
        return call.apply(options).thenApply(result ->
                ApiResponse.query(result, ApiRequest.filtered(filter, ConsulJson.healthChecks(result.value()))));
    }
}
