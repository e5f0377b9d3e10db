package io.muster.checks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.muster.spi.check.CheckResult;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpCheckTypeTest {
    private final HttpCheckType type = new HttpCheckType();
    private final TestEnvironment env = new TestEnvironment();
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", ex -> reply(ex, 200, "hello " + ex.getRequestMethod() + " "
                + ex.getRequestHeaders().getFirst("X-Token") + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        server.createContext("/busy", ex -> reply(ex, 429, "slow down"));
        server.createContext("/fail", ex -> reply(ex, 500, "boom"));
        server.createContext("/big", ex -> reply(ex, 200, "x".repeat(10_000)));
        server.createContext("/agent", ex -> reply(ex, 200, ex.getRequestHeaders().getFirst("User-Agent")));
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "/ok");
            reply(ex, 302, "");
        });
        server.createContext("/slow", ex -> {
            try {
                releaseSlow.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "late");
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        server.stop(0);
        env.close();
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private CheckResult run(Map<String, Object> options, Duration timeout) {
        CheckDefinition def = TestEnvironment.check("web", Duration.ofSeconds(10), timeout, options);
        type.validate(def, env, false);
        return type.create(def, env).run().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Test
    void twoHundredIsPassingWithConsulsOutputShape() {
        CheckResult r = run(Map.of("http", base + "/ok", "method", "post", "body", "ping",
                "header", Map.of("X-Token", List.of("abc"))), null);
        assertThat(r.status()).isEqualTo(HealthStatus.PASSING);
        assertThat(r.output()).isEqualTo("HTTP POST " + base + "/ok: 200 OK Output: hello POST abc ping");
    }

    @Test
    void tooManyRequestsIsWarningAndOtherCodesCritical() {
        assertThat(run(Map.of("http", base + "/busy"), null).status()).isEqualTo(HealthStatus.WARNING);
        CheckResult fail = run(Map.of("http", base + "/fail"), null);
        assertThat(fail.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(fail.output()).isEqualTo("HTTP GET " + base + "/fail: 500 Internal Server Error Output: boom");
    }

    @Test
    void sendsConsulsUserAgent() {
        assertThat(run(Map.of("http", base + "/agent"), null).output()).endsWith("Output: Consul Health Check");
    }

    @Test
    void bodyIsCutAtFourKilobytes() {
        CheckResult r = run(Map.of("http", base + "/big"), null);
        assertThat(r.output()).endsWith("Output: " + "x".repeat(4096));
    }

    @Test
    void redirectsAreFollowedUnlessDisabled() {
        assertThat(run(Map.of("http", base + "/redirect"), null).status()).isEqualTo(HealthStatus.PASSING);
        CheckResult r = run(Map.of("http", base + "/redirect", "disable_redirects", true), null);
        assertThat(r.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(r.output()).contains("302 Found");
    }

    @Test
    void aSlowServerTimesOutAsCritical() {
        CheckResult r = run(Map.of("http", base + "/slow"), Duration.ofMillis(300));
        assertThat(r.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(r.output()).isEqualTo("HTTP GET " + base + "/slow: request timed out after 300ms");
    }

    @Test
    void aRefusedConnectionIsCritical() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CheckResult r = run(Map.of("http", "http://127.0.0.1:" + port + "/"), null);
        assertThat(r.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(r.output()).startsWith("HTTP GET http://127.0.0.1:" + port + "/: ");
    }

    @Test
    void validationNamesTheProblem() {
        assertThatThrownBy(() -> type.validate(TestEnvironment.check("web", Duration.ofSeconds(1), null,
                Map.of("http", "localhost:80")), env, false)).hasMessageContaining("absolute http:// or https:// URL");
        assertThatThrownBy(() -> type.validate(TestEnvironment.check("web", null, null,
                Map.of("http", base)), env, false)).hasMessage("Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or GRPC checks");
        assertThatThrownBy(() -> type.validate(TestEnvironment.check("web", Duration.ofSeconds(1), null,
                Map.of("http", base, "header", "X")), env, false)).hasMessageContaining("option header must be a map");
    }
}
