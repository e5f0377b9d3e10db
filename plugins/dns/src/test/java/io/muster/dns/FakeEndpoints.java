package io.muster.dns;

import io.muster.spi.api.AgentApi;
import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.CatalogDeregistration;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.Endpoints;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.SessionApi;
import io.muster.spi.api.StatusApi;
import io.muster.spi.api.TxnApi;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.model.ServiceNode;
import io.muster.spi.model.Weights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Hand-written Endpoints over an in-memory list of instances and nodes; only what DNS reads is implemented. */
final class FakeEndpoints implements Endpoints {
    final List<ServiceHealth> instances = new CopyOnWriteArrayList<>();
    final List<Node> extraNodes = new CopyOnWriteArrayList<>();
    final List<QueryOptions> seenOptions = new CopyOnWriteArrayList<>();
    /** When set, reads complete later, when the test calls {@link #completePending()}. */
    volatile boolean async;
    volatile long lastContactMillis;
    volatile RuntimeException failure;
    private final List<Runnable> pending = new CopyOnWriteArrayList<>();

    static Node node(String name, String address) {
        return node(name, address, Map.of());
    }

    static Node node(String name, String address, Map<String, String> meta) {
        return new Node("id-" + name, name, address, "dc1", Map.of(), meta, 1, 1);
    }

    static Service service(String name, String address, int port, String... tags) {
        return new Service(name + "-" + port + "-" + address, name, "", List.of(tags), address, Map.of(), Map.of(), port,
                new Weights(10, 1), false, 1, 1);
    }

    static ServiceHealth instance(Node node, Service service, HealthStatus... statuses) {
        List<HealthCheck> checks = new ArrayList<>();
        int i = 0;
        for (HealthStatus s : statuses) {
            checks.add(new HealthCheck(node.node(), "check" + i++, "check", s, "", "", service.id(), service.service(),
                    service.tags(), "ttl", Map.of(), 1, 1));
        }
        return new ServiceHealth(node, service, checks);
    }

    FakeEndpoints add(ServiceHealth instance) {
        instances.add(instance);
        return this;
    }

    void completePending() {
        List<Runnable> now = new ArrayList<>(pending);
        pending.removeAll(now);
        now.forEach(Runnable::run);
    }

    private <T> CompletionStage<QueryResult<T>> result(QueryOptions options, Supplier<T> value) {
        seenOptions.add(options);
        CompletableFuture<QueryResult<T>> f = new CompletableFuture<>();
        Runnable complete = () -> {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                long contact = options.consistency() == Consistency.STALE ? lastContactMillis : 0;
                f.complete(new QueryResult<>(value.get(), 42, true, contact, options.consistency()));
            }
        };
        if (async) {
            pending.add(complete);
        } else {
            complete.run();
        }
        return f;
    }

    private List<Node> allNodes() {
        Map<String, Node> nodes = new LinkedHashMap<>();
        instances.forEach(i -> nodes.putIfAbsent(i.node().node(), i.node()));
        extraNodes.forEach(n -> nodes.putIfAbsent(n.node(), n));
        return new ArrayList<>(nodes.values());
    }

    private final HealthApi health = new HealthApi() {
        @Override
        public CompletionStage<QueryResult<List<HealthCheck>>> node(String node, QueryOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<QueryResult<List<HealthCheck>>> checks(String service, QueryOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<QueryResult<List<ServiceHealth>>> service(String service, List<String> tags,
                                                                         boolean passingOnly, QueryOptions options) {
            return result(options, () -> instances.stream()
                    .filter(i -> i.service().service().equalsIgnoreCase(service))
                    .filter(i -> i.service().tags().containsAll(tags))
                    .filter(i -> !passingOnly || i.aggregateStatus() == HealthStatus.PASSING)
                    .toList());
        }

        @Override
        public CompletionStage<QueryResult<List<HealthCheck>>> state(String state, QueryOptions options) {
            throw new UnsupportedOperationException();
        }
    };

    private final CatalogApi catalog = new CatalogApi() {
        @Override
        public CompletionStage<Boolean> register(CatalogRegistration registration, io.muster.spi.api.WriteOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Boolean> deregister(CatalogDeregistration deregistration, io.muster.spi.api.WriteOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<List<String>> datacenters() {
            return CompletableFuture.completedFuture(List.of("dc1"));
        }

        @Override
        public CompletionStage<QueryResult<List<Node>>> nodes(QueryOptions options) {
            return result(options, FakeEndpoints.this::allNodes);
        }

        @Override
        public CompletionStage<QueryResult<Map<String, List<String>>>> services(QueryOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<QueryResult<List<ServiceNode>>> service(String name, List<String> tags, QueryOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<QueryResult<Optional<NodeServices>>> node(String name, QueryOptions options) {
            return result(options, () -> allNodes().stream().filter(n -> n.node().equalsIgnoreCase(name)).findFirst()
                    .map(n -> new NodeServices(n, instances.stream().filter(i -> i.node().node().equals(n.node()))
                            .map(ServiceHealth::service).toList())));
        }
    };

    @Override
    public KvApi kv() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CatalogApi catalog() {
        return catalog;
    }

    @Override
    public HealthApi health() {
        return health;
    }

    @Override
    public SessionApi session() {
        throw new UnsupportedOperationException();
    }

    @Override
    public TxnApi txn() {
        throw new UnsupportedOperationException();
    }

    @Override
    public StatusApi status() {
        throw new UnsupportedOperationException();
    }

    @Override
    public AgentApi agent() {
        throw new UnsupportedOperationException();
    }
}
