package io.muster.http;

import io.muster.spi.LogStream;
import io.muster.spi.api.AgentApi;
import io.muster.spi.api.AgentSelf;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.CatalogDeregistration;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.Endpoints;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.SessionApi;
import io.muster.spi.api.SessionRequest;
import io.muster.spi.api.StatusApi;
import io.muster.spi.api.TxnApi;
import io.muster.spi.api.TxnOp;
import io.muster.spi.api.TxnResponse;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;
import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceAddress;
import io.muster.spi.model.ServiceDefinition;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.model.ServiceNode;
import io.muster.spi.model.Session;
import io.muster.spi.model.Weights;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hand-written endpoints for the HTTP tests: a small fixed catalog, an in-memory KV whose blocking reads park
 * a future until the next write, and a record of every call (so bad requests can be shown to reach nothing).
 */
final class FakeEndpoints implements Endpoints, LogStream {
    static final String SESSION_ID = "adf4238a-882b-9ddc-4a9d-5b6758e4159e";

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<QueryOptions> queryOptions = new CopyOnWriteArrayList<>();
    final List<Object> writes = new CopyOnWriteArrayList<>();
    final TreeMap<String, KvEntry> store = new TreeMap<>();
    final ConcurrentLinkedQueue<Runnable> parked = new ConcurrentLinkedQueue<>();
    final List<Consumer<String>> logSubscribers = new CopyOnWriteArrayList<>();
    final Map<String, Service> agentServices = new LinkedHashMap<>();
    final Map<String, HealthCheck> agentChecks = new LinkedHashMap<>();
    /** Listeners of the agent's local state; {@link #agentStateChanged} calls them like LocalAgent does. */
    final List<Runnable> agentWatchers = new java.util.concurrent.CopyOnWriteArrayList<>();

    void agentStateChanged() {
        agentWatchers.forEach(Runnable::run);
    }
    volatile long index = 10;
    volatile TxnResponse nextTxn;

    static final Node NODE1 = new Node("40e4a748-2192-161a-0510-9bf59fe950b5", "node1", "10.1.10.12", "dc1",
            Map.of("lan", "10.1.10.12", "wan", "10.1.10.12"), Map.of("rack", "r1"), 5, 6);
    static final Service WEB = new Service("web-1", "web", "", List.of("v1", "primary"), "10.1.10.12",
            Map.of("lan", new ServiceAddress("10.1.10.12", 8080)), Map.of("env", "prod", "version", "1.2"), 8080,
            new Weights(10, 1), false, 7, 8);
    static final Service WEB2 = new Service("web-2", "web", "", List.of("v2"), "", Map.of(), Map.of("env", "staging"),
            8081, Weights.DEFAULT, true, 9, 9);
    static final HealthCheck SERF = new HealthCheck("node1", "serfHealth", "Serf Health Status", HealthStatus.PASSING,
            "", "Agent alive and reachable", "", "", List.of(), "", Map.of(), 5, 5);
    static final HealthCheck WEB_CHECK = new HealthCheck("node1", "service:web-1", "Service 'web' check",
            HealthStatus.WARNING, "", "slow", "web-1", "web", List.of("v1", "primary"), "ttl",
            Map.of("Interval", Duration.ofSeconds(10)), 7, 8);

    FakeEndpoints() {
        agentServices.put("web-1", WEB);
        agentServices.put("web-2", WEB2);
        agentChecks.put("service:web-1", WEB_CHECK);
    }

    private <T> QueryResult<T> result(T value) {
        return new QueryResult<>(value, index, true, 0, Consistency.DEFAULT);
    }

    /** A read that parks while {@code minIndex} is current, as the kernel's blocking queries do. */
    private <T> CompletionStage<QueryResult<T>> read(String call, QueryOptions options, java.util.function.Supplier<T> value) {
        calls.add(call);
        queryOptions.add(options);
        if (options.blocking() && options.minIndex() >= index) {
            CompletableFuture<QueryResult<T>> future = new CompletableFuture<>();
            parked.add(() -> future.complete(result(value.get())));
            return future;
        }
        return CompletableFuture.completedFuture(result(value.get()));
    }

    /** Completes every parked read, as a write would. */
    void wakeAll() {
        index++;
        Runnable r;
        while ((r = parked.poll()) != null) {
            r.run();
        }
    }

    void log(String line) {
        logSubscribers.forEach(s -> s.accept(line));
    }

    @Override
    public AutoCloseable subscribe(String level, Consumer<String> lines) {
        calls.add("logs.subscribe " + level);
        logSubscribers.add(lines);
        return () -> logSubscribers.remove(lines);
    }

    @Override
    public KvApi kv() {
        return new KvApi() {
            public CompletionStage<QueryResult<Optional<KvEntry>>> get(String key, QueryOptions options) {
                return read("kv.get " + key, options, () -> Optional.ofNullable(store.get(key)));
            }

            public CompletionStage<QueryResult<List<KvEntry>>> list(String prefix, QueryOptions options) {
                return read("kv.list " + prefix, options, () -> new ArrayList<>(store.subMap(prefix, prefix + '\uffff').values()));
            }

            public CompletionStage<QueryResult<List<String>>> keys(String prefix, String separator, QueryOptions options) {
                return read("kv.keys " + prefix + " " + separator, options, () -> {
                    List<String> keys = new ArrayList<>();
                    for (String k : store.subMap(prefix, prefix + '\uffff').keySet()) {
                        int cut = separator == null ? -1 : k.indexOf(separator, prefix.length());
                        String rolled = cut < 0 ? k : k.substring(0, cut + separator.length());
                        if (!keys.contains(rolled)) {
                            keys.add(rolled);
                        }
                    }
                    return keys;
                });
            }

            public CompletionStage<Boolean> put(KvWrite write, io.muster.spi.api.WriteOptions options) {
                calls.add("kv.put " + write.key());
                writes.add(write);
                if (write.cas() != null && write.cas() != 0 && (store.get(write.key()) == null
                        || store.get(write.key()).modifyIndex() != write.cas())) {
                    return CompletableFuture.completedFuture(false);
                }
                long i = ++index;
                KvEntry old = store.get(write.key());
                store.put(write.key(), new KvEntry(write.key(), old == null ? i : old.createIndex(), i, 0, write.flags(),
                        write.value(), write.acquire()));
                wakeAll();
                return CompletableFuture.completedFuture(true);
            }

            public CompletionStage<Boolean> delete(String key, boolean recurse, Long cas, io.muster.spi.api.WriteOptions options) {
                calls.add("kv.delete " + key + (recurse ? " recurse" : ""));
                store.remove(key);
                return CompletableFuture.completedFuture(true);
            }
        };
    }

    @Override
    public CatalogApi catalog() {
        return new CatalogApi() {
            public CompletionStage<Boolean> register(CatalogRegistration registration, io.muster.spi.api.WriteOptions options) {
                calls.add("catalog.register " + registration.node());
                writes.add(registration);
                return CompletableFuture.completedFuture(true);
            }

            public CompletionStage<Boolean> deregister(CatalogDeregistration d, io.muster.spi.api.WriteOptions options) {
                calls.add("catalog.deregister " + d.node());
                writes.add(d);
                return CompletableFuture.completedFuture(true);
            }

            public CompletionStage<List<String>> datacenters() {
                calls.add("catalog.datacenters");
                return CompletableFuture.completedFuture(List.of("dc1", "dc2"));
            }

            public CompletionStage<QueryResult<List<Node>>> nodes(QueryOptions options) {
                return read("catalog.nodes", options, () -> List.of(NODE1));
            }

            public CompletionStage<QueryResult<Map<String, List<String>>>> services(QueryOptions options) {
                return read("catalog.services", options, () -> Map.of("consul", List.of(), "web", List.of("v1", "primary", "v2")));
            }

            public CompletionStage<QueryResult<List<ServiceNode>>> service(String name, List<String> tags, QueryOptions options) {
                return read("catalog.service " + name + " " + tags, options, () -> {
                    List<ServiceNode> rows = new ArrayList<>();
                    for (Service s : List.of(WEB, WEB2)) {
                        if (s.service().equals(name) && s.tags().containsAll(tags)) {
                            rows.add(new ServiceNode(NODE1, s));
                        }
                    }
                    return rows;
                });
            }

            public CompletionStage<QueryResult<Optional<NodeServices>>> node(String name, QueryOptions options) {
                return read("catalog.node " + name, options, () -> name.equals("node1")
                        ? Optional.of(new NodeServices(NODE1, List.of(WEB, WEB2))) : Optional.empty());
            }
        };
    }

    @Override
    public HealthApi health() {
        return new HealthApi() {
            public CompletionStage<QueryResult<List<HealthCheck>>> node(String node, QueryOptions options) {
                return read("health.node " + node, options, () -> List.of(SERF, WEB_CHECK));
            }

            public CompletionStage<QueryResult<List<HealthCheck>>> checks(String service, QueryOptions options) {
                return read("health.checks " + service, options, () -> List.of(WEB_CHECK));
            }

            public CompletionStage<QueryResult<List<ServiceHealth>>> service(String service, List<String> tags,
                                                                            boolean passingOnly, QueryOptions options) {
                return read("health.service " + service + " " + tags + " passing=" + passingOnly, options, () -> {
                    List<ServiceHealth> rows = new ArrayList<>();
                    rows.add(new ServiceHealth(NODE1, WEB, List.of(SERF, WEB_CHECK)));
                    rows.add(new ServiceHealth(NODE1, WEB2, List.of(SERF)));
                    rows.removeIf(r -> !r.service().tags().containsAll(tags)
                            || (passingOnly && r.aggregateStatus() != HealthStatus.PASSING));
                    return rows;
                });
            }

            public CompletionStage<QueryResult<List<HealthCheck>>> state(String state, QueryOptions options) {
                return read("health.state " + state, options, () -> List.of(SERF));
            }
        };
    }

    static Session sampleSession() {
        return new Session(SESSION_ID, "test-session", "node1", List.of("serfHealth"), List.of(),
                Duration.ofSeconds(15), "release", Duration.ofSeconds(30), 1086449, 1086449);
    }

    @Override
    public SessionApi session() {
        return new SessionApi() {
            public CompletionStage<String> create(SessionRequest request, io.muster.spi.api.WriteOptions options) {
                calls.add("session.create");
                writes.add(request);
                return CompletableFuture.completedFuture(SESSION_ID);
            }

            public CompletionStage<Boolean> destroy(String id, io.muster.spi.api.WriteOptions options) {
                calls.add("session.destroy " + id);
                return CompletableFuture.completedFuture(true);
            }

            public CompletionStage<QueryResult<Optional<Session>>> info(String id, QueryOptions options) {
                return read("session.info " + id, options, () -> id.equals(SESSION_ID) ? Optional.of(sampleSession()) : Optional.empty());
            }

            public CompletionStage<QueryResult<List<Session>>> node(String node, QueryOptions options) {
                return read("session.node " + node, options, () -> List.of(sampleSession()));
            }

            public CompletionStage<QueryResult<List<Session>>> list(QueryOptions options) {
                return read("session.list", options, () -> List.of(sampleSession()));
            }

            public CompletionStage<Optional<Session>> renew(String id, io.muster.spi.api.WriteOptions options) {
                calls.add("session.renew " + id);
                return CompletableFuture.completedFuture(id.equals(SESSION_ID) ? Optional.of(sampleSession()) : Optional.empty());
            }
        };
    }

    @Override
    public TxnApi txn() {
        return (operations, query) -> {
            calls.add("txn.execute " + operations.size());
            writes.add(operations);
            return CompletableFuture.completedFuture(nextTxn);
        };
    }

    @Override
    public StatusApi status() {
        return new StatusApi() {
            public CompletionStage<String> leader() {
                calls.add("status.leader");
                return CompletableFuture.completedFuture("10.1.10.12:8300");
            }

            public CompletionStage<List<String>> peers() {
                calls.add("status.peers");
                return CompletableFuture.completedFuture(List.of("10.1.10.12:8300", "10.1.10.11:8300"));
            }
        };
    }

    static Member member() {
        return new Member("node1", "10.1.10.12", 8301, Map.of("role", "consul", "dc", "dc1"), MemberStatus.ALIVE, 1, 5, 2);
    }

    @Override
    public AgentApi agent() {
        FakeEndpoints fake = this;
        return new AgentApi() {
            public AgentSelf self() {
                calls.add("agent.self");
                return new AgentSelf(Map.of("Datacenter", "dc1", "NodeName", "node1", "Version", "1.21.0", "Revision", "abc"),
                        Map.of("DNSPort", 8600), member(), Map.of(), Map.of("agent", Map.of("checks", "1")), List.of());
            }

            public ServiceDefinition decodeService(Map<String, Object> json) {
                calls.add("agent.decodeService");
                Object name = json.getOrDefault("Name", json.get("name"));
                Object port = json.getOrDefault("Port", 0);
                if (!(port instanceof Number)) {
                    throw ApiException.badRequest("Request decode failed: Port: expected a number");
                }
                return new ServiceDefinition((String) json.get("ID"), (String) name, null, null, null, null, null,
                        ((Number) port).intValue(), null, false, null);
            }

            public CheckDefinition decodeCheck(Map<String, Object> json) {
                calls.add("agent.decodeCheck");
                return new CheckDefinition((String) json.get("ID"), (String) json.get("Name"), null, null, null, null, null,
                        Duration.ofSeconds(15), null, 0, 0, 0, Map.of());
            }

            public List<Member> members(boolean wan) {
                calls.add("agent.members wan=" + wan);
                return List.of(member());
            }

            public Map<String, Service> services() {
                return Collections.unmodifiableMap(fake.agentServices);
            }

            public Optional<Service> service(String id) {
                return Optional.ofNullable(fake.agentServices.get(id));
            }

            public void registerService(ServiceDefinition service, boolean replaceExistingChecks, boolean fromLocalConfig) {
                calls.add("agent.registerService " + service.id() + " replace=" + replaceExistingChecks);
                writes.add(service);
            }

            public boolean deregisterService(String id) {
                calls.add("agent.deregisterService " + id);
                return fake.agentServices.containsKey(id);
            }

            public Map<String, HealthCheck> checks() {
                return Collections.unmodifiableMap(fake.agentChecks);
            }

            public void registerCheck(CheckDefinition check, boolean fromLocalConfig) {
                calls.add("agent.registerCheck " + check.id());
            }

            public boolean deregisterCheck(String id) {
                calls.add("agent.deregisterCheck " + id);
                return fake.agentChecks.containsKey(id);
            }

            public void updateTtlCheck(String checkId, HealthStatus status, String output) {
                calls.add("agent.updateTtlCheck " + checkId + " " + status.wire() + " " + output);
                if (!fake.agentChecks.containsKey(checkId)) {
                    throw ApiException.notFound("Unknown check ID \"" + checkId + "\"");
                }
            }

            public void enableNodeMaintenance(String reason) {
                calls.add("agent.enableNodeMaintenance " + reason);
            }

            public void disableNodeMaintenance() {
                calls.add("agent.disableNodeMaintenance");
            }

            public boolean enableServiceMaintenance(String serviceId, String reason) {
                calls.add("agent.enableServiceMaintenance " + serviceId + " " + reason);
                return fake.agentServices.containsKey(serviceId);
            }

            public boolean disableServiceMaintenance(String serviceId) {
                calls.add("agent.disableServiceMaintenance " + serviceId);
                return fake.agentServices.containsKey(serviceId);
            }

            public CompletionStage<Integer> join(List<String> addresses, boolean wan) {
                calls.add("agent.join " + addresses + " wan=" + wan);
                return CompletableFuture.completedFuture(1);
            }

            public CompletionStage<Void> leave() {
                calls.add("agent.leave");
                return CompletableFuture.completedFuture(null);
            }

            public CompletionStage<Void> forceLeave(String node, boolean prune) {
                calls.add("agent.forceLeave " + node + " prune=" + prune);
                return CompletableFuture.completedFuture(null);
            }

            public CompletionStage<List<String>> reload() {
                calls.add("agent.reload");
                return CompletableFuture.completedFuture(List.of());
            }

            @Override
            public AutoCloseable watchLocalState(Runnable onChange) {
                Runnable registration = onChange::run;
                agentWatchers.add(registration);
                return () -> agentWatchers.remove(registration);
            }
        };
    }
}
