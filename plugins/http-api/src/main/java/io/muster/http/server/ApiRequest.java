package io.muster.http.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.http.filter.Filter;
import io.muster.http.filter.FilterSyntaxException;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.WriteOptions;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP API call as routes see it: method, the path after the route's prefix, query parameters, headers and
 * the fully received body. Parses Consul's cross-cutting parameters ({@code ?dc ?stale ?consistent ?index ?wait
 * ?token ?near ?node-meta ?filter}) with Consul's error texts.
 */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final String suffix;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final byte[] body;

    /** {@code headers} keys must be lower case. */
    public ApiRequest(String method, String path, String suffix, Map<String, List<String>> query,
                      Map<String, String> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.suffix = suffix;
        this.query = Map.copyOf(query);
        this.headers = Map.copyOf(headers);
        this.body = body == null ? new byte[0] : body;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The part of the path after the route's prefix ({@code /v1/kv/a/b} on {@code /v1/kv/} gives "a/b"). */
    public String suffix() {
        return suffix;
    }

    public byte[] body() {
        return body;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Consul tests presence, not value, for most switches ({@code ?recurse}, {@code ?keys}, {@code ?raw}). */
    public boolean has(String name) {
        return query.containsKey(name);
    }

    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** A boolean switch: absent is false, present without value is true, else Go's ParseBool forms. */
    public boolean boolParam(String name) {
        if (!has(name)) {
            return false;
        }
        String v = param(name);
        if (v == null || v.isEmpty()) {
            return true;
        }
        switch (v) {
            case "1": case "t": case "T": case "true": case "TRUE": case "True": return true;
            case "0": case "f": case "F": case "false": case "FALSE": case "False": return false;
            default: throw HttpError.badRequest("Invalid value for ?" + name + ": " + quoteGo(v));
        }
    }

    /** An unsigned integer parameter, or {@code fallback} when absent; Go's ParseUint error otherwise. */
    public long unsignedParam(String name, long fallback) {
        String v = param(name);
        if (v == null) {
            return fallback;
        }
        try {
            // Go's uint64: values of 2^63 and above (Consul's semaphore flag) keep their bits in a signed long.
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("strconv.ParseUint: parsing " + quoteGo(v) + ": invalid syntax");
        }
    }

    /** The ACL token: {@code ?token}, then {@code X-Consul-Token}, then {@code Authorization: Bearer}. */
    public String token() {
        String t = param("token");
        if (t != null && !t.isEmpty()) {
            return t;
        }
        t = header("X-Consul-Token");
        if (t != null && !t.isEmpty()) {
            return t;
        }
        String auth = header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    public String datacenter() {
        String dc = param("dc");
        return dc == null || dc.isEmpty() ? null : dc;
    }

    public WriteOptions writeOptions() {
        return new WriteOptions(datacenter(), token());
    }

    /** Consul's {@code parse()}: consistency, blocking and source options, with its 400 texts. */
    public QueryOptions queryOptions() {
        boolean stale = has("stale");
        boolean consistent = has("consistent");
        Duration maxStale = null;
        String maxStaleText = param("max_stale");
        if (maxStaleText != null && !maxStaleText.isEmpty()) {
            maxStale = GoDuration.parse(maxStaleText).orElseThrow(() ->
                    HttpError.badRequest("Invalid max_stale value " + quoteGo(maxStaleText)));
            if (maxStale.toNanos() > 0) {
                stale = true;
            }
        }
        if (stale && consistent) {
            throw HttpError.badRequest("Cannot specify ?stale with ?consistent, conflicting semantics.");
        }
        Duration wait = null;
        String waitText = param("wait");
        if (waitText != null && !waitText.isEmpty()) {
            wait = GoDuration.parse(waitText).orElseThrow(() -> HttpError.badRequest("Invalid wait time"));
        }
        long index = 0;
        String indexText = param("index");
        if (indexText != null && !indexText.isEmpty()) {
            try {
                index = Long.parseUnsignedLong(indexText);
                if (index < 0) {
                    throw new NumberFormatException("out of range");
                }
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("Invalid index");
            }
        }
        String near = param("near");
        Map<String, String> nodeMeta = new LinkedHashMap<>();
        for (String pair : params("node-meta")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                nodeMeta.put(pair, "");
            } else {
                nodeMeta.put(pair.substring(0, colon), pair.substring(colon + 1));
            }
        }
        Consistency consistency = stale ? Consistency.STALE : consistent ? Consistency.CONSISTENT : Consistency.DEFAULT;
        return new QueryOptions(datacenter(), consistency, index, wait, token(),
                near == null || near.isEmpty() ? null : near, nodeMeta, maxStale);
    }

    /** The compiled {@code ?filter}, or null when absent; a bad expression is a 400 naming its position. */
    public Filter filter() {
        String expression = param("filter");
        if (expression == null || expression.isEmpty()) {
            return null;
        }
        try {
            return Filter.compile(expression);
        } catch (FilterSyntaxException e) {
            throw HttpError.badRequest("Failed to create boolean expression evaluator: " + e.getMessage());
        }
    }

    /** Applies {@code filter} (which may be null) to a result tree. */
    public static JsonNode filtered(Filter filter, JsonNode result) {
        return filter == null ? result : filter.apply(result);
    }

    public JsonNode jsonBody() {
        return Json.read(body);
    }

    /** Go's {@code %q} rendering of a string, as Consul's messages quote user input. */
    public static String quoteGo(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                default: out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
