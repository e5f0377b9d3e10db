package io.muster.http;

import io.muster.http.routes.ApiRoutes;
import io.muster.http.routes.ApiSettings;
import io.muster.http.server.HttpApiServer;
import io.muster.http.server.HttpsSettings;
import io.muster.http.server.ServerTls;
import io.muster.http.server.Router;
import io.muster.http.ui.StaticContent;
import io.muster.spi.AgentContext;
import io.muster.spi.ConfigView;
import io.muster.spi.Frontend;
import io.muster.spi.WebAssets;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API v1 frontend: Undertow on each of {@code addresses.http} (default {@code client_addr}, 127.0.0.1)
 * at {@code ports.http} (8500; -1 disables), serving /v1 through the kernel's endpoints and the UI's web assets;
 * and the same over TLS on each of {@code addresses.https} (default {@code client_addr}) at {@code ports.https}
 * (default -1, off), with the certificate, key and CA from {@code tls.https.*}, {@code tls.defaults.*} or the
 * legacy top-level keys.
 */
@Extension
public final class HttpApiFrontend implements Frontend {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiFrontend.class);
    static final int DEFAULT_PORT = 8500;

    private HttpApiServer server;

    @Override
    public String name() {
        return "http";
    }

    @Override
    public synchronized void start(AgentContext context) throws Exception {
        ConfigView config = context.config();
        long port = port(config, "ports.http", DEFAULT_PORT);
        long httpsPort = port(config, "ports.https", -1);
        if (port < 0 && httpsPort < 0) {
            LOG.info("HTTP API disabled (ports.http = {}, ports.https = {})", port, httpsPort);
            return;
        }
        List<InetSocketAddress> listen = new ArrayList<>();
        if (port >= 0) {
            for (String address : listenAddresses(config)) {
                listen.add(new InetSocketAddress(address, (int) port));
            }
        }
        List<InetSocketAddress> listenTls = new ArrayList<>();
        ServerTls tls = null;
        if (httpsPort >= 0) {
            // Load and check every TLS file before binding anything: a bad file stops the agent with its name.
            tls = ServerTls.load(HttpsSettings.fromConfig(config));
            for (String address : httpsListenAddresses(config)) {
                listenTls.add(new InetSocketAddress(address, (int) httpsPort));
            }
        }
        ApiSettings settings = settings(config, context.datacenter(), context.nodeName());
        Router router = ApiRoutes.build(context.endpoints(), context.logs(), settings,
                ApiRoutes.timerOn(context.scheduler()));
        HttpApiServer started = new HttpApiServer(listen, listenTls, tls, router,
                staticContent(config, context.webAssets()), responseHeaders(config),
                Math.max(2, Runtime.getRuntime().availableProcessors()));
        started.start();
        server = started;
        if (!listen.isEmpty()) {
            LOG.info("HTTP API listening on {}", started.boundAddresses());
        }
        if (tls != null) {
            LOG.info("HTTPS API listening on {} ({}, client certificates {})", started.boundHttpsAddresses(),
                    String.join("/", tls.protocols()), tls.requireClientCert() ? "required" : "not requested");
        }
    }

    private static long port(ConfigView config, String key, long fallback) {
        long port = config.number(key, fallback);
        if (port > 65535) {
            throw new IllegalArgumentException("config key " + key + ": " + port
                    + " is not a TCP port (0..65535, -1 disables)");
        }
        return port;
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The bound HTTP addresses, empty when not started or disabled (tests start on port 0). */
    public synchronized List<InetSocketAddress> boundAddresses() {
        return server == null ? List.of() : server.boundAddresses();
    }

    /** The bound HTTPS addresses, empty when not started or ports.https is off. */
    public synchronized List<InetSocketAddress> boundHttpsAddresses() {
        return server == null ? List.of() : server.boundHttpsAddresses();
    }

    /** {@code addresses.https}, else {@code client_addr}, else 127.0.0.1, as Consul. */
    static List<String> httpsListenAddresses(ConfigView config) {
        List<String> addresses = splitAll(config.strings("addresses.https"));
        if (addresses.isEmpty()) {
            addresses = splitAll(config.strings("client_addr"));
        }
        return addresses.isEmpty() ? List.of("127.0.0.1") : addresses;
    }

    static List<String> listenAddresses(ConfigView config) {
        List<String> addresses = splitAll(config.strings("addresses.http"));
        if (addresses.isEmpty()) {
            addresses = splitAll(config.strings("client_addr"));
        }
        return addresses.isEmpty() ? List.of("127.0.0.1") : addresses;
    }

    /** Consul accepts several addresses in one space-separated string. */
    private static List<String> splitAll(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    static ApiSettings settings(ConfigView config, String datacenter, String nodeName) {
        long kvMax = config.number("limits.kv_max_value_size",
                config.number("kv_max_value_size", ApiSettings.DEFAULT_KV_MAX_VALUE_SIZE));
        long txnMax = config.number("limits.txn_max_req_len",
                config.number("txn_max_req_len", ApiSettings.DEFAULT_TXN_MAX_REQ_LEN));
        return new ApiSettings(kvMax, txnMax, datacenter, nodeName);
    }

    private static Map<String, String> responseHeaders(ConfigView config) {
        Map<String, String> headers = new LinkedHashMap<>();
        config.section("http_config.response_headers").forEach((k, v) -> headers.put(k, String.valueOf(v)));
        return headers;
    }

    static StaticContent staticContent(ConfigView config, List<WebAssets> assets) {
        boolean uiEnabled = config.bool("ui_config.enabled", config.bool("ui", false));
        String dir = config.string("ui_config.dir", config.string("ui_dir", ""));
        String uiPath = config.string("ui_config.content_path", "/ui/");
        uiPath = uiPath.endsWith("/") ? uiPath : uiPath + "/";
        StaticContent content;
        if (!dir.isEmpty()) {
            Path path = Path.of(dir);
            if (!Files.isDirectory(path)) {
                throw new IllegalArgumentException("config key ui_config.dir: " + path.toAbsolutePath()
                        + " is not a directory; point it at the UI's files or remove the key");
            }
            content = StaticContent.create(uiPath).mount(uiPath, StaticContent.directory(path));
            for (WebAssets a : assets) {
                if (!normalize(a.basePath()).equals(uiPath)) {
                    content.mount(a.basePath(), a::open);
                }
            }
            return content;
        }
        boolean hasUi = false;
        for (WebAssets a : assets) {
            hasUi |= normalize(a.basePath()).equals("/ui/");
        }
        content = StaticContent.create(uiEnabled && hasUi ? "/ui/" : null);
        for (WebAssets a : assets) {
            boolean isUi = normalize(a.basePath()).equals("/ui/");
            if (!isUi || uiEnabled) {
                content.mount(a.basePath(), a::open);
            }
        }
        return content;
    }

    private static String normalize(String base) {
        String b = base.startsWith("/") ? base : "/" + base;
        return b.endsWith("/") ? b : b + "/";
    }
}
