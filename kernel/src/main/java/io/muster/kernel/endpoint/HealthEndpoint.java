package io.muster.kernel.endpoint;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.store.StateStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /v1/health}. Results are sorted by node name; {@code /service} by estimated RTT with {@code ?near}. */
final class HealthEndpoint implements HealthApi {
    private static final Comparator<HealthCheck> BY_NODE_THEN_ID =
            Comparator.comparing(HealthCheck::node).thenComparing(HealthCheck::checkId);

    private final StateStore store;
    private final BlockingQueries queries;
    private final NodeIdentity self;

    HealthEndpoint(StateStore store, BlockingQueries queries, NodeIdentity self) {
        this.store = store;
        this.queries = queries;
        this.self = self;
    }

    @Override
    public CompletionStage<QueryResult<List<HealthCheck>>> node(String node, QueryOptions options) {
        return queries.query(options, () -> store.nodeChecks(node));
    }

    @Override
    public CompletionStage<QueryResult<List<HealthCheck>>> checks(String service, QueryOptions options) {
        // Read through the service's health rows so that the node-meta filter sees each instance's node.
        return queries.query(options, () -> store.serviceHealth(service).map(rows -> {
            List<HealthCheck> out = new ArrayList<>();
            for (ServiceHealth row : rows) {
                if (ReadFilters.nodeMetaMatches(row.node(), options.nodeMeta())) {
                    row.checks().stream().filter(c -> c.serviceId().equals(row.service().id())).forEach(out::add);
                }
            }
            out.sort(BY_NODE_THEN_ID);
            return List.copyOf(out);
        }));
    }

    @Override
    public CompletionStage<QueryResult<List<ServiceHealth>>> service(String service, List<String> tags,
                                                                     boolean passingOnly, QueryOptions options) {
        return queries.query(options, () -> store.serviceHealth(service).map(rows -> {
            List<ServiceHealth> sorted = rows.stream()
                    .filter(r -> ReadFilters.hasAllTags(r.service(), tags))
                    .filter(r -> ReadFilters.nodeMetaMatches(r.node(), options.nodeMeta()))
                    .filter(r -> !passingOnly || r.aggregateStatus() == HealthStatus.PASSING)
                    .sorted(Comparator.comparing((ServiceHealth r) -> r.node().node()).thenComparing(r -> r.service().id()))
                    .toList();
            if (NetworkDistance.sourceNode(options.near(), self.nodeName()) == null) {
                return sorted;
            }
            return NetworkDistance.sortNear(sorted, r -> r.node() == null ? null : r.node().node(), options, self,
                    store.coordinates().value());
        }));
    }

    @Override
    public CompletionStage<QueryResult<List<HealthCheck>>> state(String state, QueryOptions options) {
        Optional<HealthStatus> wanted;
        String s = state == null ? "" : state.toLowerCase(Locale.ROOT);
        if (s.equals("any")) {
            wanted = Optional.empty();
        } else {
            try {
                wanted = Optional.of(HealthStatus.parse(s));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(ApiException.badRequest(
                        "Invalid state \"" + state + "\": expected any, passing, warning or critical"));
            }
        }
        return queries.query(options, () -> store.checksInState(wanted).map(checks -> {
            if (options.nodeMeta().isEmpty()) {
                return checks;
            }
            // The node-meta filter needs the nodes; read them from the same (locally consistent) store.
            var nodes = store.nodes().value();
            return checks.stream().filter(c -> nodes.stream().anyMatch(n -> n.node().equals(c.node())
                    && ReadFilters.nodeMetaMatches(n, options.nodeMeta()))).toList();
        }));
    }
}
