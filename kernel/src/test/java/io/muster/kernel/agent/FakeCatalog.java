package io.muster.kernel.agent;

import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.CatalogDeregistration;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.model.ServiceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An in-memory catalog of one node that records every write, answering at once. */
final class FakeCatalog {
    Node node;
    final Map<String, Service> services = new LinkedHashMap<>();
    final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    final List<Object> writes = new ArrayList<>();

    final CatalogApi catalog = new CatalogApi() {
        @Override
        public synchronized CompletionStage<Boolean> register(CatalogRegistration r, WriteOptions options) {
            writes.add(r);
            node = new Node(r.id(), r.node(), r.address(), r.datacenter(), r.taggedAddresses(), r.nodeMeta(), 1, 1);
            if (r.service() != null) {
                services.put(r.service().id(), r.service());
            }
            r.checks().forEach(c -> checks.put(c.checkId(), c));
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public synchronized CompletionStage<Boolean> deregister(CatalogDeregistration d, WriteOptions options) {
            writes.add(d);
            if (d.serviceId() != null) {
                services.remove(d.serviceId());
                checks.values().removeIf(c -> c.serviceId().equals(d.serviceId()));
            }
            if (d.checkId() != null) {
                checks.remove(d.checkId());
            }
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletionStage<List<String>> datacenters() {
            return CompletableFuture.completedFuture(List.of("dc1"));
        }

        @Override
        public CompletionStage<QueryResult<List<Node>>> nodes(QueryOptions options) {
            throw new UnsupportedOperationException();
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
        public synchronized CompletionStage<QueryResult<Optional<NodeServices>>> node(String name, QueryOptions options) {
            Optional<NodeServices> value = node == null ? Optional.empty()
                    : Optional.of(new NodeServices(node, List.copyOf(services.values())));
            return CompletableFuture.completedFuture(new QueryResult<>(value, 1, true, 0, Consistency.DEFAULT));
        }
    };

    final HealthApi health = new HealthApi() {
        @Override
        public CompletionStage<QueryResult<List<HealthCheck>>> node(String name, QueryOptions options) {
            synchronized (catalog) {
                return CompletableFuture.completedFuture(new QueryResult<>(List.copyOf(checks.values()), 1, true, 0,
                        Consistency.DEFAULT));
            }
        }

        @Override
        public CompletionStage<QueryResult<List<HealthCheck>>> checks(String service, QueryOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<QueryResult<List<ServiceHealth>>> service(String service, List<String> tags, boolean passingOnly,
                                                                         QueryOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<QueryResult<List<HealthCheck>>> state(String state, QueryOptions options) {
            throw new UnsupportedOperationException();
        }
    };
}
