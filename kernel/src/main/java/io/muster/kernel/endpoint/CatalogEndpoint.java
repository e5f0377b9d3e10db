package io.muster.kernel.endpoint;

import io.muster.kernel.consensus.Command;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.CatalogDeregistration;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceNode;
import io.muster.spi.store.StateStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /v1/catalog}. Listings are sorted by node name, or by estimated RTT with {@code ?near}. */
final class CatalogEndpoint implements CatalogApi {
    private final StateStore store;
    private final Proposer proposer;
    private final BlockingQueries queries;
    private final NodeIdentity self;

    CatalogEndpoint(StateStore store, Proposer proposer, BlockingQueries queries, NodeIdentity self) {
        this.store = store;
        this.proposer = proposer;
        this.queries = queries;
        this.self = self;
    }

    @Override
    public CompletionStage<Boolean> register(CatalogRegistration r, WriteOptions options) {
        CatalogRegistration normalized;
        try {
            normalized = normalize(r);
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        return proposer.propose(new Command.CatalogRegister(normalized), Boolean.class, ApiException.Kind.INTERNAL);
    }

    /** Consul's pre-apply rules: defaults for ids, the check's node is the registration's node. */
    private CatalogRegistration normalize(CatalogRegistration r) {
        if (r.node() == null || r.node().isEmpty()) {
            throw ApiException.badRequest("Must provide node");
        }
        if ((r.address() == null || r.address().isEmpty()) && !r.skipNodeUpdate()) {
            throw ApiException.badRequest("Must provide address if SkipNodeUpdate is not set");
        }
        Service service = r.service();
        if (service != null) {
            String id = service.id() == null || service.id().isEmpty() ? service.service() : service.id();
            if (service.service() == null || service.service().isEmpty()) {
                throw ApiException.badRequest("Must provide service name (Service.Service) with ID " + id);
            }
            service = new Service(id, service.service(), service.kind(), service.tags(), service.address(),
                    service.taggedAddresses(), service.meta(), service.port(), service.weights(),
                    service.enableTagOverride(), 0, 0);
        }
        List<HealthCheck> checks = new ArrayList<>();
        for (HealthCheck c : r.checks()) {
            String checkId = c.checkId() == null || c.checkId().isEmpty() ? c.name() : c.checkId();
            if (checkId == null || checkId.isEmpty()) {
                throw ApiException.badRequest("Missing check ID or name for node " + r.node());
            }
            checks.add(new HealthCheck(r.node(), checkId, c.name() == null ? checkId : c.name(), c.status(),
                    c.notes(), c.output(), c.serviceId(), c.serviceName(), c.serviceTags(), c.type(), c.definition(),
                    0, 0));
        }
        String datacenter = r.datacenter() == null || r.datacenter().isEmpty() ? self.datacenter() : r.datacenter();
        return new CatalogRegistration(r.id(), r.node(), r.address(), datacenter, r.taggedAddresses(), r.nodeMeta(),
                service, checks, r.skipNodeUpdate());
    }

    @Override
    public CompletionStage<Boolean> deregister(CatalogDeregistration d, WriteOptions options) {
        if (d.node() == null || d.node().isEmpty()) {
            return CompletableFuture.failedFuture(ApiException.badRequest("Must provide node"));
        }
        return proposer.propose(new Command.CatalogDeregister(d.node(), d.serviceId(), d.checkId()), Boolean.class,
                ApiException.Kind.INTERNAL);
    }

    @Override
    public CompletionStage<List<String>> datacenters() {
        return CompletableFuture.completedFuture(List.of(self.datacenter()));
    }

    @Override
    public CompletionStage<QueryResult<List<Node>>> nodes(QueryOptions options) {
        return queries.query(options, () -> store.nodes().map(nodes -> near(nodes.stream()
                .filter(n -> ReadFilters.nodeMetaMatches(n, options.nodeMeta()))
                .sorted(Comparator.comparing(Node::node)).toList(), Node::node, options)));
    }

    @Override
    public CompletionStage<QueryResult<Map<String, List<String>>>> services(QueryOptions options) {
        return queries.query(options, () -> store.serviceInstances().map(instances -> {
            Map<String, TreeSet<String>> tags = new TreeMap<>();
            for (ServiceNode sn : instances) {
                if (ReadFilters.nodeMetaMatches(sn.node(), options.nodeMeta())) {
                    tags.computeIfAbsent(sn.service().service(), k -> new TreeSet<>()).addAll(sn.service().tags());
                }
            }
            Map<String, List<String>> out = new TreeMap<>();
            tags.forEach((name, t) -> out.put(name, List.copyOf(t)));
            return java.util.Collections.unmodifiableMap(out);
        }));
    }

    @Override
    public CompletionStage<QueryResult<List<ServiceNode>>> service(String name, List<String> tags,
                                                                   QueryOptions options) {
        return queries.query(options, () -> store.serviceNodes(name).map(rows -> near(rows.stream()
                .filter(sn -> ReadFilters.hasAllTags(sn.service(), tags))
                .filter(sn -> ReadFilters.nodeMetaMatches(sn.node(), options.nodeMeta()))
                .sorted(Comparator.comparing((ServiceNode sn) -> sn.node().node()).thenComparing(sn -> sn.service().id()))
                .toList(), sn -> sn.node().node(), options)));
    }

    private <T> List<T> near(List<T> rows, java.util.function.Function<T, String> nodeOf, QueryOptions options) {
        if (NetworkDistance.sourceNode(options.near(), self.nodeName()) == null) {
            return rows;
        }
        return NetworkDistance.sortNear(rows, nodeOf, options, self, store.coordinates().value());
    }

    @Override
    public CompletionStage<QueryResult<Optional<NodeServices>>> node(String name, QueryOptions options) {
        return queries.query(options, () -> store.nodeServices(name));
    }
}
