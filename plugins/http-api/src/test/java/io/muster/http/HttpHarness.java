package io.muster.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.http.routes.ApiRoutes;
import io.muster.http.routes.ApiSettings;
import io.muster.http.server.HttpApiServer;
import io.muster.http.server.Json;
import io.muster.http.ui.StaticContent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A server on a random loopback port over {@link FakeEndpoints}, and a plain HTTP/1.1 client. */
final class HttpHarness implements AutoCloseable {
    final FakeEndpoints fake = new FakeEndpoints();
    final ManualTimer timer = new ManualTimer();
    final HttpApiServer server;
    final String base;
    final ExecutorService clientExecutor = Executors.newFixedThreadPool(2);
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(clientExecutor).build();

    HttpHarness() {
        this(new ApiSettings(1024, 4096, "dc1"), null);
    }

    HttpHarness(ApiSettings settings, StaticContent staticContent) {
        server = new HttpApiServer(List.of(new InetSocketAddress("127.0.0.1", 0)),
                ApiRoutes.build(fake, fake, settings, timer), staticContent, Map.of("X-Test-Header", "yes"), 2);
        server.start();
        base = "http://127.0.0.1:" + server.boundAddresses().get(0).getPort();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return send(request(path).method(method, publisher).build());
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    HttpResponse<String> put(String path, String body) {
        return send("PUT", path, body);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop();
        clientExecutor.shutdownNow();
    }
}
