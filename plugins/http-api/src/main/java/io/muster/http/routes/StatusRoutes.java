package io.muster.http.routes;

import io.muster.http.json.ConsulJson;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.Json;
import io.muster.http.server.Router;
import io.muster.spi.api.StatusApi;

/** {@code /v1/status/leader} and {@code /v1/status/peers}. */
public final class StatusRoutes {
    private StatusRoutes() {
    }

    public static void register(Router router, StatusApi status) {
        router.get("/v1/status/leader", req -> status.leader()
                .thenApply(leader -> ApiResponse.json(Json.MAPPER.getNodeFactory().textNode(leader))));
        router.get("/v1/status/peers", req -> status.peers()
                .thenApply(peers -> ApiResponse.json(ConsulJson.strings(peers))));
    }
}
