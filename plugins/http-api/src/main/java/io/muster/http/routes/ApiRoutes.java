package io.muster.http.routes;

import io.muster.http.metrics.Metrics;
import io.muster.http.metrics.RequestTelemetry;
import io.muster.http.server.HashBlocking;
import io.muster.http.server.Router;
import io.muster.spi.LogStream;
import io.muster.spi.api.Endpoints;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Every /v1 route, wired to the kernel's endpoints. */
public final class ApiRoutes {
    private ApiRoutes() {
    }

    /**
     * @param timer ends parked hash-blocking queries; see {@link #timerOn}
     */
    public static Router build(Endpoints endpoints, LogStream logs, ApiSettings settings, HashBlocking.Timer timer) {
        Router router = new Router();
        router.telemetry(new RequestTelemetry(new Metrics(Clock.systemUTC()), settings.nodeName()));
        KvRoutes.register(router, endpoints.kv(), settings);
        CatalogRoutes.register(router, endpoints.catalog());
        HealthRoutes.register(router, endpoints.health(), endpoints.catalog());
        SessionRoutes.register(router, endpoints.session());
        TxnRoutes.register(router, endpoints.txn(), settings);
        StatusRoutes.register(router, endpoints.status());
        AgentRoutes.register(router, endpoints.agent(), logs, settings,
                new HashBlocking(timer, bound -> ThreadLocalRandom.current().nextLong(bound)));
        // Later endpoint groups resolve their API per request: an Endpoints without them answers 404.
        EventRoutes.register(router, endpoints);
        CoordinateRoutes.register(router, endpoints);
        OperatorRoutes.register(router, endpoints);
        PreparedQueryRoutes.register(router, endpoints);
        SnapshotRoutes.register(router, endpoints);
        ConfigRoutes.register(router, endpoints);
        return router;
    }

    /** A {@link HashBlocking.Timer} on a scheduler whose tasks must not block (the agent's shared one). */
    public static HashBlocking.Timer timerOn(ScheduledExecutorService scheduler) {
        return (delay, task) -> {
            ScheduledFuture<?> scheduled = scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> scheduled.cancel(false);
        };
    }
}
