package io.muster.http.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one answered HTTP call records, in Consul's names: {@code consul.api.http} (a timer labelled with the
 * method and the route pattern, slashes as underscores: {@code /v1/kv/} is {@code v1_kv_}); the server-side
 * timers of writes ({@code consul.kvs.apply}, {@code consul.txn.apply}, {@code consul.session.apply},
 * {@code consul.catalog.register|deregister}); and the agent's {@code consul.client.api.[success.]catalog_*}
 * counters labelled with the node.
 */
public final class RequestTelemetry {
    private record Route(String method, String pattern) {
    }

    /** The recorders one (method, pattern) feeds, looked up once. */
    private record Recorders(Metrics.Recorder http, List<Metrics.Recorder> timers, List<Metrics.Recorder> calls,
                             List<Metrics.Recorder> successes) {
    }

    private static final Map<Route, String> APPLY_TIMERS = Map.of(
            new Route("PUT", "/v1/kv/"), "consul.kvs.apply",
            new Route("DELETE", "/v1/kv/"), "consul.kvs.apply",
            new Route("PUT", "/v1/txn"), "consul.txn.apply",
            new Route("PUT", "/v1/session/create"), "consul.session.apply",
            new Route("PUT", "/v1/session/destroy/"), "consul.session.apply",
            new Route("PUT", "/v1/catalog/register"), "consul.catalog.register",
            new Route("PUT", "/v1/catalog/deregister"), "consul.catalog.deregister");

    private static final Map<Route, String> CLIENT_CALLS = Map.of(
            new Route("PUT", "/v1/catalog/register"), "catalog_register",
            new Route("PUT", "/v1/catalog/deregister"), "catalog_deregister",
            new Route("GET", "/v1/catalog/datacenters"), "catalog_datacenters",
            new Route("GET", "/v1/catalog/nodes"), "catalog_nodes",
            new Route("GET", "/v1/catalog/services"), "catalog_services",
            new Route("GET", "/v1/catalog/service/"), "catalog_service_nodes",
            new Route("GET", "/v1/catalog/node/"), "catalog_node_services");

    private final Metrics metrics;
    private final String nodeName;
    private final Map<Route, Recorders> recorders = new ConcurrentHashMap<>();

    public RequestTelemetry(Metrics metrics, String nodeName) {
        this.metrics = metrics;
        this.nodeName = nodeName == null ? "" : nodeName;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** One call of {@code pattern} (the route as registered) answered with {@code status} after {@code nanos}. */
    public void answered(String method, String pattern, int status, long nanos) {
        Recorders r = recorders.computeIfAbsent(new Route(method, pattern), this::recordersOf);
        r.http().recordNanos(nanos);
        r.timers().forEach(t -> t.recordNanos(nanos));
        r.calls().forEach(Metrics.Recorder::increment);
        if (status >= 200 && status < 300) {
            r.successes().forEach(Metrics.Recorder::increment);
        }
    }

    private Recorders recordersOf(Route route) {
        String pathLabel = route.pattern().substring(1).replace('/', '_');
        Metrics.Recorder http = metrics.sample("consul.api.http", Map.of("method", route.method(), "path", pathLabel));
        String timer = APPLY_TIMERS.get(route);
        String call = CLIENT_CALLS.get(route);
        Map<String, String> node = Map.of("node", nodeName);
        return new Recorders(http,
                timer == null ? List.of() : List.of(metrics.sample(timer, Map.of())),
                call == null ? List.of() : List.of(metrics.counter("consul.client.api." + call, node)),
                call == null ? List.of() : List.of(metrics.counter("consul.client.api.success." + call, node)));
    }
}
