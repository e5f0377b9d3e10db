package io.muster.http.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.QueryResult;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a route answers: a status, headers, and either a JSON tree (serialised by the server so that
 * {@code ?pretty} applies), raw bytes, or a stream of text lines ({@code /v1/agent/monitor}).
 */
public final class ApiResponse {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final JsonNode json;
    private final byte[] raw;
    private final String contentType;
    private final Function<Consumer<String>, AutoCloseable> lineStream;

    private ApiResponse(int status, JsonNode json, byte[] raw, String contentType,
                        Function<Consumer<String>, AutoCloseable> lineStream) {
        this.status = status;
        this.json = json;
        this.raw = raw;
        this.contentType = contentType;
        this.lineStream = lineStream;
    }

    public static ApiResponse json(JsonNode body) {
        return new ApiResponse(200, body, null, "application/json", null);
    }

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, body, null, "application/json", null);
    }

    /** A JSON answer to a read, with Consul's query meta headers. */
    public static ApiResponse query(QueryResult<?> meta, JsonNode body) {
        return json(body).withQueryMeta(meta);
    }

    public static ApiResponse text(int status, String body) {
        return new ApiResponse(status, null, body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", null);
    }

    public static ApiResponse bytes(int status, byte[] body, String contentType) {
        return new ApiResponse(status, null, body, contentType, null);
    }

    /** 200 with no body: Consul's answer when a handler returns nothing (join, leave, reload, ...). */
    public static ApiResponse empty() {
        return new ApiResponse(200, null, new byte[0], null, null);
    }

    public static ApiResponse status(int status) {
        return new ApiResponse(status, null, new byte[0], null, null);
    }

    /**
     * A streamed text body: the server subscribes with a line sink, writes each line as it arrives and closes the
     * subscription when the client goes away.
     */
    public static ApiResponse lines(String contentType, Function<Consumer<String>, AutoCloseable> subscribe) {
        return new ApiResponse(200, null, null, contentType, subscribe);
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ApiResponse withQueryMeta(QueryResult<?> meta) {
        header("X-Consul-Index", Long.toString(meta.index()));
        header("X-Consul-KnownLeader", Boolean.toString(meta.knownLeader()));
        header("X-Consul-LastContact", Long.toString(meta.lastContactMillis()));
        header("X-Consul-Effective-Consistency", consistencyLabel(meta.effectiveConsistency()));
        return this;
    }

    static String consistencyLabel(Consistency c) {
        return c == null || c == Consistency.DEFAULT ? "leader" : c.name().toLowerCase(Locale.ROOT);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public JsonNode json() {
        return json;
    }

    public byte[] raw() {
        return raw;
    }

    public String contentType() {
        return contentType;
    }

    public Function<Consumer<String>, AutoCloseable> lineStream() {
        return lineStream;
    }
}
