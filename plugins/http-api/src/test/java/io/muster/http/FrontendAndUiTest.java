package io.muster.http;

import io.muster.http.routes.ApiSettings;
import io.muster.spi.AgentContext;
import io.muster.spi.ConfigView;
import io.muster.spi.LogStream;
import io.muster.spi.WebAssets;
import io.muster.spi.api.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrontendAndUiTest {
    /** The agent's shared timer scheduler (the frontend ends parked hash queries on it). */
    private static final ScheduledExecutorService scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    @org.junit.jupiter.api.AfterAll
    static void stopScheduler() {
        scheduler.shutdownNow();
    }


    static final class MapConfig implements ConfigView {
        final Map<String, Object> values = new HashMap<>();

        MapConfig with(String key, Object value) {
            values.put(key, value);
            return this;
        }

        public Optional<Object> get(String path) {
            return Optional.ofNullable(values.get(path));
        }

        public Duration duration(String path, Duration fallback) {
            return fallback;
        }

        @SuppressWarnings("unchecked")
        public List<String> strings(String path) {
            Object v = values.get(path);
            return v == null ? List.of() : v instanceof List<?> l ? (List<String>) l : List.of(v.toString());
        }

        public Map<String, Object> section(String path) {
            return Map.of();
        }
    }

    static WebAssets ui() {
        Map<String, String> files = Map.of("index.html", "<html>ui</html>", "assets/app.js", "console.log(1)");
        return new WebAssets() {
            public String basePath() {
                return "/ui/";
            }

            public Optional<InputStream> open(String relativePath) {
                String name = relativePath.isEmpty() ? "index.html" : relativePath;
                return Optional.ofNullable(files.get(name))
                        .map(s -> new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
            }
        };
    }

    static AgentContext context(ConfigView config, List<WebAssets> assets) {
        FakeEndpoints fake = new FakeEndpoints();
        return new AgentContext() {
            public ConfigView config() {
                return config;
            }

            public Endpoints endpoints() {
                return fake;
            }

            public String nodeName() {
                return "node1";
            }

            public String datacenter() {
                return "dc1";
            }

            public Optional<Path> dataDir() {
                return Optional.empty();
            }

            public List<WebAssets> webAssets() {
                return assets;
            }

            public ScheduledExecutorService scheduler() {
                return scheduler;
            }

            public LogStream logs() {
                return fake;
            }
        };
    }

    @Test
    void portInUseFailsStartNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            HttpApiFrontend frontend = new HttpApiFrontend();
            MapConfig config = new MapConfig().with("ports.http", taken.getLocalPort()).with("addresses.http", "127.0.0.1");
            assertThatThrownBy(() -> frontend.start(context(config, List.of())))
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("address already in use")
                    .hasMessageContaining("ports.http");
        }
    }

    @Test
    void disabledPortStartsNothing() throws Exception {
        HttpApiFrontend frontend = new HttpApiFrontend();
        frontend.start(context(new MapConfig().with("ports.http", -1), List.of()));
        assertThat(frontend.boundAddresses()).isEmpty();
        frontend.stop();
    }

    @Test
    void listenAddressesFromConfig() {
        assertThat(HttpApiFrontend.listenAddresses(new MapConfig())).containsExactly("127.0.0.1");
        assertThat(HttpApiFrontend.listenAddresses(new MapConfig().with("client_addr", "127.0.0.2 127.0.0.3")))
                .containsExactly("127.0.0.2", "127.0.0.3");
        assertThat(HttpApiFrontend.listenAddresses(new MapConfig().with("client_addr", "0.0.0.0")
                .with("addresses.http", List.of("127.0.0.5")))).containsExactly("127.0.0.5");
        ApiSettings settings = HttpApiFrontend.settings(new MapConfig().with("limits.kv_max_value_size", 10), "dc9", "node9");
        assertThat(settings.kvMaxValueSize()).isEqualTo(10);
        assertThat(settings.txnMaxReqLen()).isEqualTo(ApiSettings.DEFAULT_TXN_MAX_REQ_LEN);
    }

    @Test
    void uiIsMountedWithIndexFallbackAndRootRedirect() throws Exception {
        HttpApiFrontend frontend = new HttpApiFrontend();
        frontend.start(context(new MapConfig().with("ports.http", 0).with("ui_config.enabled", true), List.of(ui())));
        try {
            InetSocketAddress address = frontend.boundAddresses().get(0);
            try (HttpHarnessClient client = new HttpHarnessClient("http://127.0.0.1:" + address.getPort())) {
                HttpResponse<String> root = client.get("/");
                assertThat(root.statusCode()).isEqualTo(301);
                assertThat(root.headers().firstValue("Location")).hasValue("/ui/");
                HttpResponse<String> index = client.get("/ui/");
                assertThat(index.body()).isEqualTo("<html>ui</html>");
                assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
                HttpResponse<String> js = client.get("/ui/assets/app.js");
                assertThat(js.body()).isEqualTo("console.log(1)");
                assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
                assertThat(client.get("/ui/dc1/services/web").body()).isEqualTo("<html>ui</html>");
                assertThat(client.get("/ui/missing.css").statusCode()).isEqualTo(404);
                assertThat(client.get("/v1/status/leader").body()).isEqualTo("\"10.1.10.12:8300\"");
            }
        } finally {
            frontend.stop();
        }
    }

    @Test
    void uiDirReplacesTheBundledUi(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "custom");
        HttpApiFrontend frontend = new HttpApiFrontend();
        frontend.start(context(new MapConfig().with("ports.http", 0).with("ui_config.dir", dir.toString()), List.of(ui())));
        try (HttpHarnessClient client = new HttpHarnessClient("http://127.0.0.1:" + frontend.boundAddresses().get(0).getPort())) {
            assertThat(client.get("/ui/").body()).isEqualTo("custom");
            assertThat(client.get("/ui/../../etc/passwd").statusCode()).isIn(400, 404);
        } finally {
            frontend.stop();
        }
    }

    @Test
    void uiDisabledLeavesRootA404() throws Exception {
        HttpApiFrontend frontend = new HttpApiFrontend();
        frontend.start(context(new MapConfig().with("ports.http", 0), List.of(ui())));
        try (HttpHarnessClient client = new HttpHarnessClient("http://127.0.0.1:" + frontend.boundAddresses().get(0).getPort())) {
            assertThat(client.get("/").statusCode()).isEqualTo(404);
            assertThat(client.get("/ui/").statusCode()).isEqualTo(404);
        } finally {
            frontend.stop();
        }
    }

    /** A bare client for servers started through the frontend. */
    static final class HttpHarnessClient implements AutoCloseable {
        private final String base;
        private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        private final java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).executor(executor).build();

        HttpHarnessClient(String base) {
            this.base = base;
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
