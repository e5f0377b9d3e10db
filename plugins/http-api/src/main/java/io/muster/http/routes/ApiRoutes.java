package io.muster.http.routes;

import io.muster.http.server.Router;
import io.muster.spi.LogStream;
import io.muster.spi.api.Endpoints;

/** Every /v1 route, wired to the kernel's endpoints. */
public final class ApiRoutes {
    private ApiRoutes() {
    }

    public static Router build(Endpoints endpoints, LogStream logs, ApiSettings settings) {
        Router router = new Router();
        KvRoutes.register(router, endpoints.kv(), settings);
        CatalogRoutes.register(router, endpoints.catalog());
        HealthRoutes.register(router, endpoints.health(), endpoints.catalog());
        SessionRoutes.register(router, endpoints.session());
        TxnRoutes.register(router, endpoints.txn(), settings);
        StatusRoutes.register(router, endpoints.status());
        AgentRoutes.register(router, endpoints.agent(), logs, settings);
        // Later endpoint groups resolve their API per request: an Endpoints without them answers 404.
        EventRoutes.register(router, endpoints);
        CoordinateRoutes.register(router, endpoints);
        OperatorRoutes.register(router, endpoints);
        PreparedQueryRoutes.register(router, endpoints);
        SnapshotRoutes.register(router, endpoints);
        ConfigRoutes.register(router, endpoints);
        return router;
    }
}
