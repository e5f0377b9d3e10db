package io.muster.http.routes;

import io.muster.http.json.ConsulJson;
import io.muster.http.server.ApiRequest;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.HttpError;
import io.muster.http.server.Json;
import io.muster.http.server.Router;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.model.KvEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** {@code /v1/kv/}: get, list, keys, put (cas, flags, acquire, release) and delete, as Consul's kvs_endpoint. */
public final class KvRoutes {
    static final String MAX_VALUE_DOC = "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size";

    private final KvApi kv;
    private final long maxValueSize;

    private KvRoutes(KvApi kv, long maxValueSize) {
        this.kv = kv;
        this.maxValueSize = maxValueSize;
    }

    public static void register(Router router, KvApi kv, ApiSettings settings) {
        KvRoutes routes = new KvRoutes(kv, settings.kvMaxValueSize());
        router.add("/v1/kv/", Set.of("GET", "PUT", "DELETE"), routes::handle, settings.kvMaxValueSize(),
                KvRoutes::tooLarge);
    }

    static String tooLarge(long length, long limit) {
        return "Request body(" + (length < 0 ? limit + 1 : length) + " bytes) too large, max size: " + limit
                + " bytes. See " + MAX_VALUE_DOC + ".";
    }

    private CompletionStage<ApiResponse> handle(ApiRequest req) {
        switch (req.method()) {
            case "GET": return req.has("keys") ? keys(req) : get(req);
            case "PUT": return put(req);
            default: return delete(req);
        }
    }

    private CompletionStage<ApiResponse> get(ApiRequest req) {
        QueryOptions options = req.queryOptions();
        String key = req.suffix();
        if (req.has("recurse")) {
            return kv.list(key, options).thenApply(result -> {
                if (result.value().isEmpty()) {
                    return ApiResponse.status(404).withQueryMeta(result);
                }
                List<Object> entries = new ArrayList<>(result.value());
                return ApiResponse.query(result, ConsulJson.array(entries, e -> ConsulJson.kvEntry((KvEntry) e)));
            });
        }
        if (key.isEmpty()) {
            throw HttpError.badRequest("Missing key name");
        }
        boolean raw = req.has("raw");
        return kv.get(key, options).thenApply(result -> {
            if (result.value().isEmpty()) {
                return ApiResponse.status(404).withQueryMeta(result);
            }
            KvEntry entry = result.value().get();
            if (raw) {
                byte[] value = entry.value() == null ? new byte[0] : entry.value();
                return ApiResponse.bytes(200, value, "text/plain").withQueryMeta(result)
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Content-Security-Policy", "sandbox");
            }
            return ApiResponse.query(result, Json.array().add(ConsulJson.kvEntry(entry)));
        });
    }

    private CompletionStage<ApiResponse> keys(ApiRequest req) {
        QueryOptions options = req.queryOptions();
        String prefix = req.suffix();
        String separator = req.has("separator") ? req.param("separator")
                : req.has("seperator") ? req.param("seperator") : null;
        String sep = separator == null || separator.isEmpty() ? null : separator;
        return kv.keys(prefix, sep, options).thenApply(result -> {
            if (result.value().isEmpty() && !prefix.isEmpty()) {
                return ApiResponse.status(404).withQueryMeta(result);
            }
            return ApiResponse.query(result, ConsulJson.strings(result.value()));
        });
    }

    private static void rejectConflicting(ApiRequest req, String... flags) {
        int present = 0;
        for (String flag : flags) {
            if (req.has(flag)) {
                present++;
            }
        }
        if (present > 1) {
            throw HttpError.badRequest("Conflicting flags: " + String.join(", ", flags) + " cannot be combined\n");
        }
    }

    private CompletionStage<ApiResponse> put(ApiRequest req) {
        req.queryOptions();
        String key = req.suffix();
        if (key.isEmpty()) {
            throw HttpError.badRequest("Missing key name");
        }
        rejectConflicting(req, "cas", "acquire", "release");
        long flags = req.unsignedParam("flags", 0);
        Long cas = req.has("cas") ? req.unsignedParam("cas", 0) : null;
        String acquire = req.has("acquire") ? req.param("acquire") : null;
        String release = req.has("release") ? req.param("release") : null;
        if (req.body().length > maxValueSize) {
            throw new HttpError(413, tooLarge(req.body().length, maxValueSize));
        }
        KvWrite write = new KvWrite(key, req.body(), flags, cas, acquire, release);
        return kv.put(write, req.writeOptions()).thenApply(ok -> ApiResponse.json(Json.MAPPER.getNodeFactory()
                .booleanNode(ok)));
    }

    private CompletionStage<ApiResponse> delete(ApiRequest req) {
        req.queryOptions();
        String key = req.suffix();
        rejectConflicting(req, "recurse", "cas");
        boolean recurse = req.has("recurse");
        if (!recurse && key.isEmpty()) {
            throw HttpError.badRequest("Missing key name");
        }
        Long cas = req.has("cas") ? req.unsignedParam("cas", 0) : null;
        return kv.delete(key, recurse, cas, req.writeOptions()).thenApply(ok ->
                ApiResponse.json(Json.MAPPER.getNodeFactory().booleanNode(ok)));
    }
}
