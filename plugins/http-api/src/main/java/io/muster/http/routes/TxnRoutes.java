package io.muster.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.json.ConsulJson;
import io.muster.http.json.ConsulRequests;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.HttpError;
import io.muster.http.server.Json;
import io.muster.http.server.Router;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.TxnApi;
import io.muster.spi.api.TxnOp;
import io.muster.spi.api.TxnResponse;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;

import java.util.List;
import java.util.Set;

/** {@code PUT /v1/txn}: 200 with Results, or 409 with Errors when an operation failed (nothing applied). */
public final class TxnRoutes {
    private TxnRoutes() {
    }

    public static void register(Router router, TxnApi txn, ApiSettings settings) {
        // Consul: the request cap is txn_max_req_len, raised to kv_max_value_size when that is larger.
        long maxBody = Math.max(settings.txnMaxReqLen(), settings.kvMaxValueSize());
        router.add("/v1/txn", Set.of("PUT"), req -> {
            QueryOptions options = req.queryOptions();
            if (req.body().length > maxBody) {
                throw new HttpError(413, "Request body too large, max size: " + maxBody + " bytes");
            }
            JsonNode body;
            try {
                body = req.jsonBody();
            } catch (HttpError e) {
                throw new HttpError(400, e.getMessage().replace("Request decode failed: ", "Failed to parse body: "));
            }
            List<TxnOp> ops;
            try {
                ops = ConsulRequests.txnOps(body);
            } catch (HttpError e) {
                throw new HttpError(e.status(), e.getMessage().replace("Request decode failed: ", "Failed to parse body: "));
            }
            if (ops.size() > TxnApi.MAX_OPERATIONS) {
                throw new HttpError(413, "Transaction contains too many operations (" + ops.size() + " > "
                        + TxnApi.MAX_OPERATIONS + ")");
            }
            for (TxnOp op : ops) {
                if (op instanceof TxnOp.Kv kv && kv.value() != null && kv.value().length > settings.kvMaxValueSize()) {
                    throw new HttpError(413, "Value for key \"" + kv.key() + "\" is too large (" + kv.value().length
                            + " > " + settings.kvMaxValueSize() + " bytes)");
                }
            }
            return txn.execute(ops, options).thenApply(TxnRoutes::reply);
        }, maxBody, (length, limit) -> "Request body too large, max size: " + limit + " bytes");
    }

    static ApiResponse reply(TxnResponse response) {
        ObjectNode body = Json.object();
        if (response.failed()) {
            body.putNull("Results");
            ArrayNode errors = body.putArray("Errors");
            response.errors().forEach(e -> errors.addObject().put("OpIndex", e.opIndex()).put("What", e.what()));
            return ApiResponse.json(409, body);
        }
        ArrayNode results = body.putArray("Results");
        for (Object result : response.results()) {
            ObjectNode wrapped = results.addObject();
            if (result instanceof KvEntry entry) {
                wrapped.set("KV", ConsulJson.kvEntry(entry));
            } else if (result instanceof Node node) {
                wrapped.set("Node", ConsulJson.node(node));
            } else if (result instanceof Service service) {
                wrapped.set("Service", ConsulJson.nodeService(service));
            } else if (result instanceof HealthCheck check) {
                wrapped.set("Check", ConsulJson.healthCheck(check));
            } else {
                throw new IllegalStateException("transaction result of unknown type "
                        + (result == null ? "null" : result.getClass().getName()));
            }
        }
        body.putNull("Errors");
        return ApiResponse.json(body);
    }
}
