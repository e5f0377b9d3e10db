package io.muster.http.routes;

import io.muster.http.server.ApiResponse;
import io.muster.http.server.Router;
import io.muster.spi.api.Endpoints;

import java.util.Set;

/** {@code GET /v1/snapshot} (the archive, with X-Consul-Index) and {@code PUT /v1/snapshot} (restore). */
public final class SnapshotRoutes {
    /** Snapshots are whole states: a larger body limit than other routes. */
    static final long MAX_SNAPSHOT = 1024L * 1024 * 1024;

    private SnapshotRoutes() {
    }

    public static void register(Router router, Endpoints endpoints) {
        router.add("/v1/snapshot", Set.of("GET", "PUT"), req -> {
            if (req.method().equals("GET")) {
                return endpoints.snapshot().save(req.queryOptions()).thenApply(result ->
                        ApiResponse.bytes(200, result.value(), "application/x-gzip").withQueryMeta(result));
            }
            return endpoints.snapshot().restore(req.body(), req.writeOptions()).thenApply(v -> ApiResponse.empty());
        }, MAX_SNAPSHOT, (length, limit) -> "Snapshot of " + length + " bytes exceeds the limit of " + limit + " bytes");
    }
}
