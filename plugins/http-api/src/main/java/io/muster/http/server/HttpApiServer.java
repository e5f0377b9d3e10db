package io.muster.http.server;

import io.muster.http.ui.StaticContent;
import io.muster.spi.api.ApiException;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.SslClientAuthMode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPOutputStream;

/**
 * Undertow serving a {@link Router} and optional static content. Every request is handled asynchronously on its
 * I/O thread: the body arrives through the async receiver, the route returns a stage, and the response is written
 * on the exchange's I/O thread when the stage completes, so a parked blocking query holds no thread. HTTPS
 * listeners (Consul's {@code ports.https}) serve the same handler over TLS.
 */
public final class HttpApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    private static final byte[] NO_BODY = new byte[0];

    private final List<InetSocketAddress> listen;
    private final List<InetSocketAddress> listenTls;
    private final ServerTls tls;
    private final Router router;
    private final StaticContent staticContent;
    private final Map<String, String> extraHeaders;
    private final ClassLoader pluginLoader;
    private final int ioThreads;
    private Undertow undertow;

    /**
     * @param listen        addresses to bind (port 0 picks a free one, for tests)
     * @param staticContent the UI and other web assets, or null
     * @param extraHeaders  {@code http_config.response_headers}, added to every response
     */
    public HttpApiServer(List<InetSocketAddress> listen, Router router, StaticContent staticContent,
                         Map<String, String> extraHeaders, int ioThreads) {
        this(listen, List.of(), null, router, staticContent, extraHeaders, ioThreads);
    }

    /**
     * @param listen    plain HTTP addresses (may be empty when only HTTPS is served)
     * @param listenTls HTTPS addresses, empty for none
     * @param tls       the loaded TLS material; required when {@code listenTls} is not empty
     */
    public HttpApiServer(List<InetSocketAddress> listen, List<InetSocketAddress> listenTls, ServerTls tls,
                         Router router, StaticContent staticContent, Map<String, String> extraHeaders,
                         int ioThreads) {
        if (!listenTls.isEmpty() && tls == null) {
            throw new IllegalArgumentException("HTTPS listeners need TLS material");
        }
        this.listen = List.copyOf(listen);
        this.listenTls = List.copyOf(listenTls);
        this.tls = tls;
        this.router = router;
        this.staticContent = staticContent;
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.pluginLoader = HttpApiServer.class.getClassLoader();
        this.ioThreads = Math.max(1, ioThreads);
    }

    public synchronized void start() {
        Undertow.Builder builder = Undertow.builder()
                .setIoThreads(ioThreads)
                // Workers only read static files; API requests never leave their I/O thread.
                .setWorkerThreads(2)
                .setServerOption(UndertowOptions.ALLOW_ENCODED_SLASH, true)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
                .setHandler(this::handle);
        for (InetSocketAddress address : listen) {
            builder.addHttpListener(address.getPort(), address.getHostString());
        }
        for (InetSocketAddress address : listenTls) {
            builder.addListener(new Undertow.ListenerBuilder()
                    .setType(Undertow.ListenerType.HTTPS)
                    .setHost(address.getHostString())
                    .setPort(address.getPort())
                    .setSslContext(tls.context())
                    .setOverrideSocketOptions(tlsOptions(tls)));
        }
        Undertow server = builder.build();
        List<InetSocketAddress> all = new ArrayList<>(listen);
        all.addAll(listenTls);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // XNIO and jboss-logging look providers up through the context class loader: make it the plugin's.
        thread.setContextClassLoader(pluginLoader);
        try {
            server.start();
        } catch (RuntimeException e) {
            server.stop();
            if (causedBy(e, BindException.class)) {
                throw new IllegalStateException("HTTP API cannot listen on " + describe(all)
                        + ": address already in use. Stop the process holding the port, or set "
                        + (listenTls.isEmpty() ? "ports.http" : listen.isEmpty() ? "ports.https" : "ports.http and ports.https")
                        + " to a free port (-1 disables)", e);
            }
            throw new IllegalStateException("HTTP API cannot listen on " + describe(all) + ": " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        undertow = server;
    }

    /** The bound plain HTTP addresses (with the real port when 0 was asked). */
    public synchronized List<InetSocketAddress> boundAddresses() {
        return bound("http");
    }

    /** The bound HTTPS addresses (with the real port when 0 was asked). */
    public synchronized List<InetSocketAddress> boundHttpsAddresses() {
        return bound("https");
    }

    private List<InetSocketAddress> bound(String protocol) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Undertow.ListenerInfo info : undertow.getListenerInfo()) {
            if (info.getProtcol().equals(protocol)) {
                out.add((InetSocketAddress) info.getAddress());
            }
        }
        return out;
    }

    /** Protocols, suites and client-certificate policy for the TLS engines of the HTTPS listeners. */
    static OptionMap tlsOptions(ServerTls tls) {
        OptionMap.Builder options = OptionMap.builder()
                .set(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(tls.protocols()))
                .set(Options.SSL_CLIENT_AUTH_MODE,
                        tls.requireClientCert() ? SslClientAuthMode.REQUIRED : SslClientAuthMode.NOT_REQUESTED);
        if (!tls.cipherSuites().isEmpty()) {
            options.set(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(tls.cipherSuites()));
        }
        return options.getMap();
    }

    public synchronized void stop() {
        if (undertow != null) {
            undertow.stop();
            undertow = null;
        }
    }

    private static String describe(List<InetSocketAddress> addresses) {
        List<String> parts = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            parts.add(a.getHostString() + ":" + a.getPort());
        }
        return String.join(", ", parts);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private void handle(HttpServerExchange exchange) {
        // Dispatching (on the same thread) tells Undertow the exchange outlives this call: it ends when we send.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> withPluginLoader(() -> begin(exchange)));
    }

    private void withPluginLoader(Runnable task) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(pluginLoader);
        try {
            task.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void begin(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        try {
            if (path.startsWith("/v1/") || path.equals("/v1")) {
                api(exchange, path);
            } else if (staticContent != null && staticContent.handles(path)) {
                serveStatic(exchange, path);
            } else {
                send(exchange, null, ApiResponse.text(404, "404 page not found\n"));
            }
        } catch (RuntimeException e) {
            send(exchange, null, errorResponse(e));
        }
    }

    private void api(HttpServerExchange exchange, String path) {
        String redirect = router.subtreeRedirect(path);
        if (redirect != null) {
            send(exchange, null, movedPermanently(exchange, redirect));
            return;
        }
        Router.Match match = router.match(path);
        if (match == null) {
            send(exchange, null, ApiResponse.text(404, "404 page not found\n"));
            return;
        }
        Router.Route route = match.route();
        String method = exchange.getRequestMethod().toString();
        String allow = String.join(",", new java.util.TreeSet<>(route.methods()));
        if (method.equals("OPTIONS")) {
            send(exchange, null, ApiResponse.empty().header("Allow", "OPTIONS," + allow));
            return;
        }
        if (!route.methods().contains(method)) {
            send(exchange, null, ApiResponse.text(405, "method " + method + " not allowed").header("Allow", allow));
            router.telemetry().answered(method, route.pattern(), 405, 0);
            return;
        }
        long length = exchange.getRequestContentLength();
        if (length > route.maxBody()) {
            send(exchange, null, ApiResponse.text(413, route.tooLarge().message(length, route.maxBody())));
            return;
        }
        boolean mayHaveBody = length > 0 || (length < 0 && exchange.isRequestChannelAvailable()
                && exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING));
        if (!mayHaveBody) {
            invoke(exchange, route, path, match.suffix(), NO_BODY);
            return;
        }
        var receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize((int) Math.min(Integer.MAX_VALUE, route.maxBody()));
        receiver.receiveFullBytes(
                (ex, body) -> ex.dispatch(SameThreadExecutor.INSTANCE,
                        () -> withPluginLoader(() -> invoke(ex, route, path, match.suffix(), body))),
                (ex, error) -> ex.dispatch(SameThreadExecutor.INSTANCE, () -> withPluginLoader(() -> {
                    if (error instanceof RequestTooBigException || error instanceof Receiver.RequestToLargeException) {
                        // The rest of the body is never read: close the connection after answering.
                        ex.setPersistent(false);
                        send(ex, null, ApiResponse.text(413, route.tooLarge().message(length, route.maxBody())));
                    } else {
                        LOG.debug("reading the body of {} {} failed: {}", method, path, error.toString());
                        ex.setPersistent(false);
                        ex.endExchange();
                    }
                })));
    }

    /**
     * Go's ServeMux redirect of a subtree path asked without its slash: 301 to the pattern, query kept; GET gets
     * the short HTML body Go's http.Redirect writes.
     */
    private static ApiResponse movedPermanently(HttpServerExchange exchange, String target) {
        String query = exchange.getQueryString();
        String location = query == null || query.isEmpty() ? target : target + "?" + query;
        String method = exchange.getRequestMethod().toString();
        ApiResponse response;
        if (method.equals("GET")) {
            String escaped = location.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&#34;").replace("'", "&#39;");
            response = ApiResponse.bytes(301, ("<a href=\"" + escaped + "\">Moved Permanently</a>.\n\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/html; charset=utf-8");
        } else if (method.equals("HEAD")) {
            response = ApiResponse.bytes(301, NO_BODY, "text/html; charset=utf-8");
        } else {
            response = ApiResponse.status(301);
        }
        return response.header("Location", location);
    }

    private void invoke(HttpServerExchange exchange, Router.Route route, String path, String suffix, byte[] body) {
        long started = System.nanoTime();
        ApiRequest request;
        CompletionStage<ApiResponse> stage;
        try {
            request = new ApiRequest(exchange.getRequestMethod().toString(), path, suffix, query(exchange),
                    headers(exchange), body);
        } catch (RuntimeException e) {
            send(exchange, null, errorResponse(e));
            return;
        }
        try {
            stage = route.handler().handle(request);
            if (stage == null) {
                throw new IllegalStateException("route " + route.pattern() + " returned no answer");
            }
        } catch (Exception e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((response, error) -> {
            ApiResponse answer = error != null ? errorResponse(error) : response;
            router.telemetry().answered(request.method(), route.pattern(), answer.status(), System.nanoTime() - started);
            Runnable write = () -> withPluginLoader(() -> send(exchange, request, answer));
            if (exchange.getIoThread() == Thread.currentThread()) {
                write.run();
            } else {
                exchange.getIoThread().execute(write);
            }
        });
    }

    private static Map<String, List<String>> query(HttpServerExchange exchange) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Deque<String>> e : exchange.getQueryParameters().entrySet()) {
            out.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return out;
    }

    private static Map<String, String> headers(HttpServerExchange exchange) {
        Map<String, String> out = new HashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            out.put(values.getHeaderName().toString().toLowerCase(Locale.ROOT), values.getFirst());
        }
        return out;
    }

    /** Maps a failure to Consul's status and plain-text reason. */
    static ApiResponse errorResponse(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof HttpError http) {
            return ApiResponse.text(http.status(), http.getMessage());
        }
        if (e instanceof ApiException api) {
            return ApiResponse.text(statusOf(api.kind()), api.getMessage() == null ? api.kind().name() : api.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return ApiResponse.text(400, String.valueOf(e.getMessage()));
        }
        LOG.warn("HTTP API request failed", e);
        return ApiResponse.text(500, e.getMessage() == null ? e.toString() : e.getMessage());
    }

    static int statusOf(ApiException.Kind kind) {
        switch (kind) {
            case BAD_REQUEST: return 400;
            case PERMISSION_DENIED: return 403;
            case NOT_FOUND: return 404;
            case CONFLICT: return 409;
            case TOO_LARGE: return 413;
            case TOO_MANY_REQUESTS: return 429;
            case UNAVAILABLE: return 503;
            case INTERNAL: default: return 500;
        }
    }

    private void send(HttpServerExchange exchange, ApiRequest request, ApiResponse response) {
        if (exchange.isResponseStarted() || exchange.isComplete()) {
            return;
        }
        exchange.setStatusCode(response.status());
        var headers = exchange.getResponseHeaders();
        extraHeaders.forEach((name, value) -> headers.put(HttpString.tryFromString(name), value));
        response.headers().forEach((name, value) -> headers.put(HttpString.tryFromString(name), value));
        if (response.lineStream() != null) {
            headers.put(Headers.CONTENT_TYPE, response.contentType());
            LineStreamer streamer = new LineStreamer(exchange);
            try {
                streamer.start(response.lineStream().apply(streamer::offer));
            } catch (RuntimeException e) {
                streamer.close();
                throw e;
            }
            return;
        }
        byte[] body;
        if (response.json() != null) {
            body = Json.write(response.json(), request != null && request.has("pretty"));
        } else {
            body = response.raw();
        }
        if (response.contentType() != null) {
            headers.put(Headers.CONTENT_TYPE, response.contentType());
        }
        if (body.length > 0 && acceptsGzip(exchange)) {
            body = gzip(body);
            headers.put(Headers.CONTENT_ENCODING, "gzip");
            headers.put(Headers.VARY, "Accept-Encoding");
        }
        headers.put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private static boolean acceptsGzip(HttpServerExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT_ENCODING);
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            String[] coding = part.trim().split(";");
            if (coding[0].trim().equalsIgnoreCase("gzip")) {
                return coding.length < 2 || !coding[1].replace(" ", "").equals("q=0");
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip of a response body failed", e);
        }
        return out.toByteArray();
    }

    private void serveStatic(HttpServerExchange exchange, String path) {
        // Reading files may block: a worker thread does it (static files are not part of the parking budget).
        exchange.getConnection().getWorker().execute(() -> withPluginLoader(() -> {
            ApiResponse response;
            try {
                StaticContent.Asset asset = staticContent.resolve(path);
                response = asset.location() != null
                        ? ApiResponse.status(asset.status()).header("Location", asset.location())
                        : ApiResponse.bytes(asset.status(), asset.body(), asset.contentType());
            } catch (RuntimeException e) {
                response = errorResponse(e);
            }
            ApiResponse ready = response;
            exchange.getIoThread().execute(() -> withPluginLoader(() -> send(exchange, null, ready)));
        }));
    }
}
