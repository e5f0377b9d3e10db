package io.muster.cli.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/**
 * The CLI's client of the agent's HTTP API. Built on HttpURLConnection rather than java.net.http.HttpClient:
 * HttpClient initialises the default SSLContext and a selector thread even for plain HTTP, which measured
 * 0.5 s of start-up against 0.06 s here, and the CLI makes one or two calls per run.
 */
public final class ApiClient {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final AgentAddress address;
    private final String token;
    private final Map<String, String> commonQuery;
    private final TlsSettings tls;

    public ApiClient(AgentAddress address, String token, Map<String, String> commonQuery, TlsSettings tls) {
        this.address = address;
        this.token = token;
        this.commonQuery = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(commonQuery));
        this.tls = tls;
    }

    public AgentAddress address() {
        return address;
    }

    public ApiResponse get(String path, Map<String, String> query) throws ApiException {
        return expectOk(send("GET", path, query, null));
    }

    /** GET that answers 404 as a response (a missing key) instead of an error. */
    public ApiResponse getAllowMissing(String path, Map<String, String> query) throws ApiException {
        ApiResponse response = send("GET", path, query, null);
        return response.status() == 404 ? response : expectOk(response);
    }

    public ApiResponse put(String path, Map<String, String> query, byte[] body) throws ApiException {
        return expectOk(send("PUT", path, query, body));
    }

    public ApiResponse post(String path, Map<String, String> query, byte[] body) throws ApiException {
        return expectOk(send("POST", path, query, body));
    }

    public ApiResponse delete(String path, Map<String, String> query) throws ApiException {
        return expectOk(send("DELETE", path, query, null));
    }

    /** Any method with a body; a status other than 2xx is an error. */
    public ApiResponse request(String method, String path, Map<String, String> query, byte[] body)
            throws ApiException {
        return expectOk(send(method, path, query, body));
    }

    /** Opens a streaming GET (monitor, snapshot); the caller closes the stream. */
    public InputStream stream(String path, Map<String, String> query) throws ApiException {
        HttpURLConnection connection = open("GET", path, query);
        try {
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                throw unexpected(status, readAll(connection.getErrorStream()));
            }
            return connection.getInputStream();
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Sends one request; any status comes back as a response, only transport failures throw. */
    public ApiResponse send(String method, String path, Map<String, String> query, byte[] body)
            throws ApiException {
        HttpURLConnection connection = open(method, path, query);
        try {
            if (body != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new ApiResponse(status, connection.getHeaderFields(), readAll(in));
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private HttpURLConnection open(String method, String path, Map<String, String> query) throws ApiException {
        try {
            // Keys may hold spaces, '?', '#' or non-ASCII: quote them as one path, keeping the slashes.
            String url = address.baseUrl() + new URI(null, null, path, null).toASCIIString() + queryString(query);
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
            if (connection instanceof HttpsURLConnection https) {
                tls.configure(https);
            }
            connection.setRequestMethod(method);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setUseCaches(false);
            if (!token.isEmpty()) {
                connection.setRequestProperty("X-Consul-Token", token);
            }
            return connection;
        } catch (IOException e) {
            throw unreachable(e);
        } catch (URISyntaxException e) {
            throw new ApiException(0, "Invalid path " + path + ": " + e.getMessage());
        }
    }

    private String queryString(Map<String, String> query) {
        Map<String, String> all = new LinkedHashMap<>(query);
        for (Map.Entry<String, String> e : commonQuery.entrySet()) {
            all.putIfAbsent(e.getKey(), e.getValue());
        }
        if (all.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : all.entrySet()) {
            sb.append(sb.length() == 0 ? '?' : '&').append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8));
            sb.append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static ApiResponse expectOk(ApiResponse response) throws ApiException {
        if (response.status() / 100 != 2) {
            throw unexpected(response.status(), response.body());
        }
        return response;
    }

    /** Consul's api package wording, so scripts matching on it keep working. */
    private static ApiException unexpected(int status, byte[] body) {
        String message = new String(body, StandardCharsets.UTF_8).strip();
        return new ApiException(status, "Unexpected response code: " + status + " (" + message + ")");
    }

    private ApiException unreachable(IOException e) {
        String reason;
        if (e instanceof ConnectException) {
            reason = "connection refused";
        } else if (e instanceof UnknownHostException) {
            reason = "unknown host " + e.getMessage();
        } else if (e instanceof NoRouteToHostException) {
            reason = "no route to host";
        } else if (e instanceof SocketTimeoutException) {
            reason = "timed out";
        } else if (e instanceof SSLException) {
            reason = "TLS handshake failed (" + e.getMessage() + "); check -ca-file, -client-cert and -tls-server-name";
        } else {
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new ApiException("Error connecting to agent at " + address.display() + ": " + reason
                + ". Is the agent running? Set -http-addr or CONSUL_HTTP_ADDR to reach another address.", e);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
