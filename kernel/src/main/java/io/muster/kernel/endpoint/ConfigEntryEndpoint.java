package io.muster.kernel.endpoint;

import io.muster.kernel.consensus.Command;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.ConfigEntryApi;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.ConfigEntry;
import io.muster.spi.store.StateStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /v1/config}: entries are stored as given (minus Kind, Name and indexes), keyed by kind and name. */
final class ConfigEntryEndpoint implements ConfigEntryApi {
    /** The kinds Consul accepts. */
    static final Set<String> KINDS = Set.of("service-defaults", "proxy-defaults", "service-router",
            "service-splitter", "service-resolver", "ingress-gateway", "terminating-gateway", "service-intentions",
            "mesh", "exported-services", "sameness-group", "api-gateway", "bound-api-gateway", "http-route",
            "tcp-route", "inline-certificate", "file-system-certificate", "jwt-provider",
            "control-plane-request-limit");
    /** Kinds that exist once per cluster under a fixed name. */
    private static final Map<String, String> SINGLETONS = Map.of("proxy-defaults", "global", "mesh", "mesh");

    private final StateStore store;
    private final Proposer proposer;
    private final BlockingQueries queries;

    ConfigEntryEndpoint(StateStore store, Proposer proposer, BlockingQueries queries) {
        this.store = store;
        this.proposer = proposer;
        this.queries = queries;
    }

    @Override
    public CompletionStage<Boolean> apply(Map<String, Object> json, Long cas, WriteOptions options) {
        ConfigEntry entry;
        try {
            entry = decode(json);
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        return proposer.propose(new Command.ConfigEntrySet(entry, cas), Boolean.class, ApiException.Kind.INTERNAL);
    }

    /** Consul's MakeConfigEntry and per-kind Normalize/Validate of Kind and Name. */
    static ConfigEntry decode(Map<String, Object> json) {
        Object kindValue = field(json, "Kind");
        if (!(kindValue instanceof String kind) || kind.isEmpty()) {
            throw ApiException.badRequest("Request decoding failed: Payload does not contain a Kind field");
        }
        String normalizedKind = kind.toLowerCase(java.util.Locale.ROOT);
        requireKind(normalizedKind);
        Object nameValue = field(json, "Name");
        String name = nameValue == null ? "" : nameValue.toString();
        String fixed = SINGLETONS.get(normalizedKind);
        if (fixed != null) {
            if (name.isEmpty()) {
                name = fixed;
            } else if (!name.equals(fixed)) {
                throw ApiException.badRequest("invalid name (\"" + name + "\"), only \"" + fixed
                        + "\" is supported");
            }
        } else if (name.isEmpty()) {
            throw ApiException.badRequest("Name is required for a " + normalizedKind + " config entry");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            String key = e.getKey();
            if (!key.equalsIgnoreCase("Kind") && !key.equalsIgnoreCase("Name")
                    && !key.equalsIgnoreCase("CreateIndex") && !key.equalsIgnoreCase("ModifyIndex")) {
                body.put(key, e.getValue());
            }
        }
        return new ConfigEntry(normalizedKind, name, body, 0, 0);
    }

    private static Object field(Map<String, Object> json, String name) {
        for (Map.Entry<String, Object> e : json.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static void requireKind(String kind) {
        if (!KINDS.contains(kind)) {
            throw ApiException.badRequest("invalid config entry kind: " + kind);
        }
    }

    @Override
    public CompletionStage<QueryResult<Optional<ConfigEntry>>> get(String kind, String name, QueryOptions options) {
        try {
            requireKind(kind);
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        return queries.query(options, () -> store.configEntry(kind, name));
    }

    @Override
    public CompletionStage<QueryResult<List<ConfigEntry>>> list(String kind, QueryOptions options) {
        try {
            requireKind(kind);
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        return queries.query(options, () -> store.configEntries(kind));
    }

    @Override
    public CompletionStage<Boolean> delete(String kind, String name, Long cas, WriteOptions options) {
        try {
            requireKind(kind);
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        return proposer.propose(new Command.ConfigEntryDelete(kind, name, cas), Boolean.class,
                ApiException.Kind.INTERNAL);
    }
}
