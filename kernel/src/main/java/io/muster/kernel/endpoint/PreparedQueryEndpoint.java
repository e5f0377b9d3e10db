package io.muster.kernel.endpoint;

import io.muster.kernel.consensus.Command;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.PreparedQueryApi;
import io.muster.spi.api.PreparedQueryExecution;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.PreparedQuery;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.store.Read;
import io.muster.spi.store.StateStore;
import io.muster.spi.store.Watch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /v1/query}: stores validated definitions and executes them against the catalog with Consul's rules
 * (critical instances never, warning ones unless OnlyPassing, tags with {@code !} negation, node and service
 * meta, ordering by RTT to {@code Near} or shuffled, failover to other datacenters, of which only this one exists).
 */
final class PreparedQueryEndpoint implements PreparedQueryApi {
    static final String NOT_FOUND = "Query not found";

    private final StateStore store;
    private final Proposer proposer;
    private final BlockingQueries queries;
    private final NodeIdentity self;
    private final Random random;

    PreparedQueryEndpoint(StateStore store, Proposer proposer, BlockingQueries queries, NodeIdentity self,
                          Random random) {
        this.store = store;
        this.proposer = proposer;
        this.queries = queries;
        this.self = self;
        this.random = random;
    }

    @Override
    public CompletionStage<String> create(Map<String, Object> definition, WriteOptions options) {
        PreparedQuerySpec spec;
        try {
            spec = PreparedQuerySpec.decode(definition);
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        String id = UUID.randomUUID().toString();
        return proposer.propose(new Command.PreparedQuerySet(stored(id, spec)), String.class,
                ApiException.Kind.INTERNAL);
    }

    private static PreparedQuery stored(String id, PreparedQuerySpec spec) {
        return new PreparedQuery(id, spec.name(), spec.session(), spec.token(), spec.definition(), 0, 0);
    }

    @Override
    public CompletionStage<Void> update(String id, Map<String, Object> definition, WriteOptions options) {
        PreparedQuerySpec spec;
        try {
            spec = PreparedQuerySpec.decode(definition);
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (byId(id).isEmpty()) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL,
                    "Cannot modify non-existent prepared query: '" + id + "'"));
        }
        return proposer.propose(new Command.PreparedQuerySet(stored(id, spec)), String.class,
                ApiException.Kind.INTERNAL).thenApply(stored -> null);
    }

    @Override
    public CompletionStage<Void> delete(String id, WriteOptions options) {
        if (byId(id).isEmpty()) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL,
                    "Cannot delete non-existent prepared query: '" + id + "'"));
        }
        return proposer.propose(new Command.PreparedQueryDelete(id), Boolean.class, ApiException.Kind.INTERNAL)
                .thenApply(existed -> null);
    }

    private Optional<PreparedQuery> byId(String id) {
        return store.preparedQueries().value().stream().filter(q -> q.id().equals(id)).findFirst();
    }

    @Override
    public CompletionStage<QueryResult<List<PreparedQuery>>> list(QueryOptions options) {
        return queries.query(options, store::preparedQueries);
    }

    @Override
    public CompletionStage<QueryResult<PreparedQuery>> get(String id, QueryOptions options) {
        return queries.query(options, () -> store.preparedQueries().map(all -> all.stream()
                .filter(q -> q.id().equals(id)).findFirst().orElse(null)))
                .thenApply(result -> {
                    if (result.value() == null) {
                        throw new java.util.concurrent.CompletionException(ApiException.notFound(NOT_FOUND));
                    }
                    return result;
                });
    }

    /** A stored query and the spec it runs with (a template rendered for the name asked). */
    private record Resolved(PreparedQuery query, PreparedQuerySpec spec) {
    }

    /** Consul's lookup: an id, then an exact name, then the template with the longest matching name prefix. */
    static Optional<PreparedQuery> resolve(List<PreparedQuery> all, String idOrName) {
        for (PreparedQuery q : all) {
            if (q.id().equals(idOrName)) {
                return Optional.of(q);
            }
        }
        for (PreparedQuery q : all) {
            if (!q.name().isEmpty() && q.name().equals(idOrName)) {
                return Optional.of(q);
            }
        }
        PreparedQuery best = null;
        for (PreparedQuery q : all) {
            if (isTemplate(q) && idOrName.startsWith(q.name())
                    && (best == null || q.name().length() > best.name().length())) {
                best = q;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean isTemplate(PreparedQuery q) {
        return q.definition().get("Template") instanceof Map<?, ?> t && t.get("Type") instanceof String type
                && !type.isEmpty();
    }

    private Read<Optional<Resolved>> lookup(String idOrName) {
        return store.preparedQueries().map(all -> resolve(all, idOrName).map(q -> new Resolved(q,
                PreparedQuerySpec.fromStored(q.name(), q.session(), q.token(), q.definition()).render(idOrName))));
    }

    @Override
    public CompletionStage<QueryResult<PreparedQueryExecution>> execute(String idOrName, String near, int limit,
                                                                        QueryOptions options) {
        return queries.query(options, () -> {
            Read<Optional<Resolved>> found = lookup(idOrName);
            if (found.value().isEmpty()) {
                throw ApiException.notFound(NOT_FOUND);
            }
            PreparedQuerySpec spec = found.value().get().spec();
            Read<List<ServiceHealth>> instances = store.serviceHealth(spec.service());
            List<ServiceHealth> nodes = filter(instances.value(), spec);
            String source = near != null && !near.isEmpty() ? near : spec.near();
            order(nodes, source);
            if (limit > 0 && nodes.size() > limit) {
                nodes = nodes.subList(0, limit);
            }
            // Failover targets other than this datacenter are unknown here and skipped, as Consul skips them.
            PreparedQueryExecution execution = new PreparedQueryExecution(spec.service(), nodes,
                    spec.dnsTtlDuration(), self.datacenter(), 0);
            return new Read<>(Math.max(found.index(), instances.index()), execution,
                    Watch.anyOf(List.of(found.watch(), instances.watch())));
        });
    }

    @Override
    public CompletionStage<QueryResult<PreparedQuery>> explain(String idOrName, QueryOptions options) {
        return queries.query(options, () -> {
            Read<Optional<Resolved>> found = lookup(idOrName);
            Resolved r = found.value().orElseThrow(() -> ApiException.notFound(NOT_FOUND));
            PreparedQuery q = r.query();
            return new Read<>(found.index(), new PreparedQuery(q.id(), q.name(), q.session(), q.token(),
                    r.spec().definition(), q.createIndex(), q.modifyIndex()), found.watch());
        });
    }

    /** Consul's execute filters: health (IgnoreCheckIDs, OnlyPassing), node meta, service meta, tags. */
    static List<ServiceHealth> filter(List<ServiceHealth> instances, PreparedQuerySpec spec) {
        List<ServiceHealth> out = new ArrayList<>();
        for (ServiceHealth h : instances) {
            if (!healthy(h, spec) || !metaMatches(h.node() == null ? Map.of() : h.node().meta(), spec.nodeMeta())
                    || !metaMatches(h.service().meta(), spec.serviceMeta()) || !tagsMatch(h.service().tags(), spec.tags())) {
                continue;
            }
            out.add(h);
        }
        return out;
    }

    private static boolean healthy(ServiceHealth h, PreparedQuerySpec spec) {
        for (HealthCheck check : h.checks()) {
            if (spec.ignoreCheckIds().contains(check.checkId())) {
                continue;
            }
            if (check.status() == HealthStatus.CRITICAL
                    || (spec.onlyPassing() && check.status() == HealthStatus.WARNING)) {
                return false;
            }
        }
        return true;
    }

    private static boolean metaMatches(Map<String, String> actual, Map<String, String> wanted) {
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(actual.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Every plain tag must be present and every {@code !tag} absent, case-insensitively. */
    private static boolean tagsMatch(List<String> actual, List<String> wanted) {
        List<String> have = actual.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        for (String tag : wanted) {
            String t = tag.toLowerCase(Locale.ROOT);
            if (t.startsWith("!")) {
                if (have.contains(t.substring(1))) {
                    return false;
                }
            } else if (!have.contains(t)) {
                return false;
            }
        }
        return true;
    }

    /** Nearest first when the source node has a coordinate (nodes without one last), shuffled otherwise. */
    private void order(List<ServiceHealth> nodes, String near) {
        synchronized (random) {
            Collections.shuffle(nodes, random);
        }
        if (NetworkDistance.sourceNode(near, self.nodeName()) == null) {
            return;
        }
        List<ServiceHealth> sorted = NetworkDistance.sortNear(nodes, h -> h.node() == null ? null : h.node().node(),
                near, null, self, store.coordinates().value());
        if (sorted != nodes) {
            nodes.clear();
            nodes.addAll(sorted);
        }
    }
}
