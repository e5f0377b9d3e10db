package io.muster.cli.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * An in-test stand-in for the agent's HTTP API: answers registered routes ("GET /v1/agent/members") with
 * Consul-shaped JSON and records every request so tests can assert what the CLI sent.
 */
public final class FakeAgent implements AutoCloseable {

    /** One request as the CLI sent it. */
    public record Request(String method, String path, String query, String body, Map<String, List<String>> headers) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** "PUT /v1/kv/a?flags=3", the query undecoded. */
        public String line() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    /** An answer: status, body and X-Consul-Index. */
    public record Answer(int status, String body, long index, byte[] raw) {
        public Answer(int status, String body, long index) {
            this(status, body, index, null);
        }

        public static Answer json(String body) {
            return new Answer(200, body, 1);
        }

        /** A binary body (snapshots). */
        public static Answer bytes(byte[] raw, long index) {
            return new Answer(200, "", index, raw);
        }
    }

    /** Computes the answer to a request; may block (a parked blocking query). */
    @FunctionalInterface
    public interface Route {
        Answer answer(Request request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** host:port, as -http-addr takes it. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers "METHOD /path" (exact path) with a fixed JSON body and status 200. */
    public FakeAgent on(String methodAndPath, String json) {
        return on(methodAndPath, request -> Answer.json(json));
    }

    public FakeAgent on(String methodAndPath, Route route) {
        routes.put(methodAndPath, route);
        return this;
    }

    /** Answers every path under pathPrefix for one method, when no exact route matches. */
    public FakeAgent onPrefix(String method, String pathPrefix, Route route) {
        routes.put(method + " " + pathPrefix + "*", route);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request last(String method, String path) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            Request r = requests.get(i);
            if (r.method().equals(method) && r.path().equals(path)) {
                return r;
            }
        }
        throw new AssertionError("no " + method + " " + path + " among " + requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), body, Map.copyOf(exchange.getRequestHeaders()));
        requests.add(request);
        Route route = routes.get(request.method() + " " + request.path());
        if (route == null) {
            String best = null;
            for (String pattern : routes.keySet()) {
                if (pattern.endsWith("*") && (request.method() + " " + request.path())
                        .startsWith(pattern.substring(0, pattern.length() - 1))
                        && (best == null || pattern.length() > best.length())) {
                    best = pattern;
                }
            }
            route = best == null ? null : routes.get(best);
        }
        Answer answer;
        try {
            answer = route == null ? new Answer(404, "no route " + request.line() + " in the fake agent", 0)
                    : route.answer(request);
        } catch (Exception e) {
            answer = new Answer(500, "fake agent route failed: " + e, 0);
        }
        byte[] bytes = answer.raw() != null ? answer.raw() : answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Consul-Index", String.valueOf(answer.index()));
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
