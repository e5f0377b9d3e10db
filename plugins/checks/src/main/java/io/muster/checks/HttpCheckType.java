package io.muster.checks;

import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckResult;
import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthStatus;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;

/**
 * {@code http} checks: 2xx is passing, 429 warning, anything else critical (Consul's CheckHTTP). Requests are
 * sent asynchronously through one shared {@link HttpClient} per TLS/redirect setting.
 */
@Extension
public class HttpCheckType implements CheckType {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(HttpCheckType.class);

    private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "http";
    }

    @Override
    public boolean accepts(CheckDefinition definition) {
        return definition.option("http").isPresent();
    }

    @Override
    public void validate(CheckDefinition definition, CheckEnvironment environment, boolean fromLocalConfig) {
        CheckOptions.requireInterval(definition);
        String url = CheckOptions.string(definition, "http").orElseThrow(() ->
                new IllegalArgumentException(CheckOptions.describe(definition) + ": http must be a URL such as http://127.0.0.1:8080/health"));
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException(CheckOptions.describe(definition) + ": http \"" + url
                        + "\" must be an absolute http:// or https:// URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(CheckOptions.describe(definition) + ": http \"" + url + "\" is not a valid URL: "
                    + e.getMessage(), e);
        }
        CheckOptions.headers(definition, "header");
        CheckOptions.bool(definition, "tls_skip_verify");
        CheckOptions.bool(definition, "disable_redirects");
        CheckOptions.string(definition, "method");
        CheckOptions.string(definition, "body");
        CheckOptions.string(definition, "tls_server_name");
    }

    @Override
    public CheckProbe create(CheckDefinition definition, CheckEnvironment environment) {
        URI uri = URI.create(CheckOptions.string(definition, "http").orElseThrow());
        String method = CheckOptions.string(definition, "method").orElse("GET").toUpperCase(Locale.ROOT);
        String body = CheckOptions.string(definition, "body").orElse("");
        Map<String, List<String>> headers = CheckOptions.headers(definition, "header");
        Duration timeout = CheckOptions.timeout(definition, DEFAULT_TIMEOUT);
        ClientKey key = new ClientKey(CheckOptions.bool(definition, "tls_skip_verify"),
                CheckOptions.string(definition, "tls_server_name").orElse(""),
                CheckOptions.bool(definition, "disable_redirects"));
        HttpClient client = clients.computeIfAbsent(key, HttpCheckType::newClient);
        HttpRequest request = buildRequest(uri, method, body, headers, timeout, definition);
        String prefix = "HTTP " + method + " " + uri;
        return () -> {
            CompletableFuture<HttpResponse<byte[]>> sent;
            try {
                sent = client.sendAsync(request, info -> new FirstBytesSubscriber(CheckOptions.MAX_OUTPUT));
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(CheckResult.critical(prefix + ": " + e));
            }
            return sent.handle((response, error) -> {
                if (error != null) {
                    return CheckResult.critical(prefix + ": " + describe(error, timeout));
                }
                int code = response.statusCode();
                String text = new String(response.body(), StandardCharsets.UTF_8);
                String output = prefix + ": " + HttpReasonPhrases.status(code) + " Output: " + text;
                HealthStatus status = code >= 200 && code <= 299 ? HealthStatus.PASSING
                        : code == 429 ? HealthStatus.WARNING : HealthStatus.CRITICAL;
                return new CheckResult(status, output);
            });
        };
    }

    private static HttpRequest buildRequest(URI uri, String method, String body, Map<String, List<String>> headers,
                                            Duration timeout, CheckDefinition definition) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        boolean userAgent = false;
        boolean accept = false;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            for (String value : e.getValue()) {
                try {
                    builder.header(e.getKey(), value);
                } catch (IllegalArgumentException restricted) {
                    // java.net.http owns Host, Connection, Content-Length...: the check still runs without it.
                    LOG.warn("{}: header {} cannot be set by an HTTP check on this agent ({}); sending without it",
                            CheckOptions.describe(definition), e.getKey(), restricted.getMessage());
                }
            }
            userAgent |= e.getKey().equalsIgnoreCase("User-Agent");
            accept |= e.getKey().equalsIgnoreCase("Accept");
        }
        // Consul's defaults, so that services that log or route on them see the same values.
        if (!userAgent) {
            builder.header("User-Agent", "Consul Health Check");
        }
        if (!accept) {
            builder.header("Accept", "text/plain, text/*, */*");
        }
        return builder.build();
    }

    private static String describe(Throwable error, Duration timeout) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return "request timed out after " + CheckOptions.describeDuration(timeout);
        }
        String message = cause.getMessage();
        return message == null || message.isEmpty() ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + message;
    }

    private static HttpClient newClient(ClientKey key) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Go's client follows redirects across schemes, up to 10 hops.
                .followRedirects(key.disableRedirects() ? HttpClient.Redirect.NEVER : HttpClient.Redirect.ALWAYS);
        if (key.skipVerify()) {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new javax.net.ssl.TrustManager[]{new TrustEverything()}, null);
                builder.sslContext(context);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build a TLS context for tls_skip_verify checks: " + e.getMessage(), e);
            }
        }
        if (!key.serverName().isEmpty()) {
            SSLParameters parameters = new SSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(key.serverName())));
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    private record ClientKey(boolean skipVerify, String serverName, boolean disableRedirects) {
    }

    /**
     * tls_skip_verify: accepts any certificate. Being an X509ExtendedTrustManager, it also replaces the JDK's
     * host name identification, which is what Consul's InsecureSkipVerify means.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            acceptAll();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            acceptAll();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            acceptAll();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            acceptAll();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            acceptAll();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            acceptAll();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        private static void acceptAll() {
            // tls_skip_verify was asked for explicitly: every certificate is accepted.
        }
    }

    /** Keeps the first {@code limit} bytes of a body and drains the rest, so large bodies cost no memory. */
    static final class FirstBytesSubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();

        FirstBytesSubscriber(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer buffer : items) {
                int room = limit - kept.size();
                if (room > 0) {
                    byte[] bytes = new byte[Math.min(room, buffer.remaining())];
                    buffer.get(bytes);
                    kept.write(bytes, 0, bytes.length);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(kept.toByteArray());
        }
    }
}
