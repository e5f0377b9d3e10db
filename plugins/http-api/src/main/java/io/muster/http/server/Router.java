package io.muster.http.server;

import io.muster.http.metrics.Metrics;
import io.muster.http.metrics.RequestTelemetry;

import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps paths to routes like Go's ServeMux, which Consul uses: a pattern ending in "/" matches every path under
 * it (longest wins), any other pattern only itself. Each route names its allowed methods and its body limit.
 */
public final class Router {
    /** Largest body a route without its own limit accepts (Consul has none; this bounds memory). */
    public static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;

    /** How a route reports a body over its limit: Consul's texts differ per endpoint. */
    @FunctionalInterface
    public interface TooLarge {
        String message(long contentLength, long limit);
    }

    public record Route(String pattern, Set<String> methods, RouteHandler handler, long maxBody, TooLarge tooLarge) {
    }

    public record Match(Route route, String suffix) {
    }

    private final Map<String, Route> exact = new LinkedHashMap<>();
    private volatile RequestTelemetry telemetry = new RequestTelemetry(new Metrics(Clock.systemUTC()), "");
    private final TreeMap<String, Route> prefixes = new TreeMap<>(Comparator.comparingInt(String::length)
            .reversed().thenComparing(Comparator.naturalOrder()));

    public Router add(String pattern, Set<String> methods, RouteHandler handler) {
        return add(pattern, methods, handler, DEFAULT_MAX_BODY,
                (length, limit) -> "Request body too large, max size: " + limit + " bytes");
    }

    public Router add(String pattern, Set<String> methods, RouteHandler handler, long maxBody, TooLarge tooLarge) {
        Route route = new Route(pattern, Set.copyOf(methods), handler, maxBody, tooLarge);
        if (pattern.endsWith("/")) {
            prefixes.put(pattern, route);
        } else {
            exact.put(pattern, route);
        }
        return this;
    }

    public Router get(String pattern, RouteHandler handler) {
        return add(pattern, Set.of("GET"), handler);
    }

    public Router put(String pattern, RouteHandler handler) {
        return add(pattern, Set.of("PUT"), handler);
    }

    /** The route for {@code path}, or null when none matches (404). */
    public Match match(String path) {
        Route route = exact.get(path);
        if (route != null) {
            return new Match(route, "");
        }
        for (Map.Entry<String, Route> e : prefixes.entrySet()) {
            if (path.startsWith(e.getKey())) {
                return new Match(e.getValue(), path.substring(e.getKey().length()));
            }
        }
        return null;
    }

    /**
     * Go's ServeMux answer to a path that names a subtree pattern without its trailing slash ({@code /v1/kv}):
     * the pattern to redirect to with 301, or null.
     */
    public String subtreeRedirect(String path) {
        if (path.endsWith("/") || exact.containsKey(path)) {
            return null;
        }
        String withSlash = path + "/";
        return prefixes.containsKey(withSlash) ? withSlash : null;
    }

    /** What answered calls record; the server reports each answer here. */
    public RequestTelemetry telemetry() {
        return telemetry;
    }

    public Router telemetry(RequestTelemetry telemetry) {
        this.telemetry = telemetry;
        return this;
    }

    public List<String> patterns() {
        List<String> all = new java.util.ArrayList<>(exact.keySet());
        all.addAll(prefixes.keySet());
        return all;
    }
}
