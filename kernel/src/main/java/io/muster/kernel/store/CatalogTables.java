package io.muster.kernel.store;

import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.model.ServiceNode;
import io.muster.spi.store.Read;
import io.muster.spi.store.StoreException;
import io.muster.spi.store.Watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Nodes, services and checks. Services and checks are keyed {@code node NUL id}, so one node's rows are a
 * contiguous range. Watch keys: {@code node:N} (a node, its services, its checks) and {@code svc:S} (a service's
 * instances, their checks and their nodes' checks), so a check change wakes only its node's and service's readers.
 */
final class CatalogTables {
    static final String NODES = "nodes";
    static final String SERVICES = "services";
    static final String CHECKS = "checks";
    static final String MISSING_NODE = "Missing node registration";
    static final String MISSING_SERVICE = "Missing service registration";

    private final TxMap<String, Node> nodes = new TxMap<>(new TreeMap<>());
    private final TxMap<String, Service> services = new TxMap<>(new TreeMap<>());
    private final TxMap<String, Set<String>> instancesByName = new TxMap<>(new TreeMap<>());
    private final TxMap<String, HealthCheck> checks = new TxMap<>(new TreeMap<>());
    private final Watches watches;
    private SessionTable sessions;

    CatalogTables(Watches watches) {
        this.watches = watches;
    }

    void bind(SessionTable sessionTable) {
        this.sessions = sessionTable;
    }

    static String rowKey(String node, String id) {
        return node + '\0' + id;
    }

    private static String nodePrefix(String node) {
        return node + '\0';
    }

    // point reads

    Optional<Node> node(String name) {
        return nodes.get(name);
    }

    List<Service> services(String node) {
        List<Service> out = new ArrayList<>();
        TxMap.under(services, nodePrefix(node)).forEach(e -> out.add(e.getValue()));
        return out;
    }

    Optional<Service> service(String node, String id) {
        return services.get(rowKey(node, id));
    }

    List<HealthCheck> checks(String node) {
        List<HealthCheck> out = new ArrayList<>();
        TxMap.under(checks, nodePrefix(node)).forEach(e -> out.add(e.getValue()));
        return out;
    }

    Optional<HealthCheck> check(String node, String id) {
        return checks.get(rowKey(node, id));
    }

    /** Service names match case-insensitively, as Consul's catalog index does (so DNS 0x20 case mixing works). */
    static String nameKey(String serviceName) {
        return serviceName.toLowerCase(java.util.Locale.ROOT);
    }

    private List<ServiceNode> instances(String name) {
        List<ServiceNode> out = new ArrayList<>();
        for (String row : new TreeSet<>(instancesByName.get(nameKey(name)).orElse(Set.of()))) {
            Service s = services.getOrNull(row);
            Node n = nodes.getOrNull(row.substring(0, row.indexOf('\0')));
            if (s != null && n != null) {
                out.add(new ServiceNode(n, s));
            }
        }
        return out;
    }

    // watched reads

    Read<List<Node>> readNodes() {
        Watch w = watches.table(NODES);
        return new Read<>(watches.tableIndex(NODES), List.copyOf(nodes.view().values()), w);
    }

    Read<Optional<NodeServices>> readNodeServices(String name) {
        Watch w = watches.watch("node:" + name);
        Optional<NodeServices> value = nodes.get(name).map(n -> new NodeServices(n, services(name)));
        return new Read<>(watches.keyOrTableIndex("node:" + name, NODES, SERVICES), value, w);
    }

    Read<List<ServiceNode>> readAllInstances() {
        Watch w = Watch.anyOf(List.of(watches.table(SERVICES), watches.table(NODES)));
        List<ServiceNode> out = new ArrayList<>();
        for (Map.Entry<String, Service> e : services.view().entrySet()) {
            String row = e.getKey();
            out.add(new ServiceNode(nodes.getOrNull(row.substring(0, row.indexOf('\0'))), e.getValue()));
        }
        return new Read<>(watches.tableIndex(SERVICES, NODES), out, w);
    }

    Read<List<ServiceNode>> readServiceNodes(String name) {
        Watch w = watches.watch("svc:" + nameKey(name));
        return new Read<>(watches.keyOrTableIndex("svc:" + nameKey(name), SERVICES, NODES), instances(name), w);
    }

    Read<List<HealthCheck>> readNodeChecks(String node) {
        Watch w = watches.watch("node:" + node);
        return new Read<>(watches.keyOrTableIndex("node:" + node, CHECKS, NODES), checks(node), w);
    }

    Read<List<HealthCheck>> readServiceChecks(String name) {
        Watch w = watches.watch("svc:" + nameKey(name));
        List<HealthCheck> out = new ArrayList<>();
        for (ServiceNode sn : instances(name)) {
            for (HealthCheck c : checks(sn.node().node())) {
                if (c.serviceId().equals(sn.service().id())) {
                    out.add(c);
                }
            }
        }
        return new Read<>(watches.keyOrTableIndex("svc:" + nameKey(name), CHECKS, SERVICES), out, w);
    }

    Read<List<HealthCheck>> readChecksInState(Optional<HealthStatus> state) {
        Watch w = watches.table(CHECKS);
        List<HealthCheck> out = checks.view().values().stream()
                .filter(c -> state.isEmpty() || c.status() == state.get()).toList();
        return new Read<>(watches.tableIndex(CHECKS), out, w);
    }

    Read<List<ServiceHealth>> readServiceHealth(String name) {
        Watch w = watches.watch("svc:" + nameKey(name));
        List<ServiceHealth> out = new ArrayList<>();
        for (ServiceNode sn : instances(name)) {
            List<HealthCheck> relevant = checks(sn.node().node()).stream()
                    .filter(c -> c.serviceId().isEmpty() || c.serviceId().equals(sn.service().id())).toList();
            out.add(new ServiceHealth(sn.node(), sn.service(), relevant));
        }
        return new Read<>(watches.keyOrTableIndex("svc:" + nameKey(name), SERVICES, NODES, CHECKS), out, w);
    }

    // writes

    Node ensureNode(Tx tx, Node node) {
        Node existing = nodes.getOrNull(node.node());
        if (existing != null && sameNode(existing, node)) {
            return existing;
        }
        Node stored = new Node(node.id(), node.node(), node.address(), node.datacenter(), node.taggedAddresses(),
                node.meta(), existing == null ? tx.index : existing.createIndex(), tx.index);
        nodes.put(tx, node.node(), stored);
        touchNode(tx, node.node());
        tx.touchTable(NODES);
        return stored;
    }

    Service ensureService(Tx tx, String node, Service service) {
        if (nodes.getOrNull(node) == null) {
            throw new StoreException(MISSING_NODE);
        }
        String row = rowKey(node, service.id());
        Service existing = services.getOrNull(row);
        if (existing != null && sameService(existing, service)) {
            return existing;
        }
        Service stored = new Service(service.id(), service.service(), service.kind(), service.tags(),
                service.address(), service.taggedAddresses(), service.meta(), service.port(), service.weights(),
                service.enableTagOverride(), existing == null ? tx.index : existing.createIndex(), tx.index);
        services.put(tx, row, stored);
        if (existing != null && !existing.service().equals(service.service())) {
            unindexInstance(tx, existing.service(), row);
        }
        Set<String> rows = new HashSet<>(instancesByName.get(nameKey(service.service())).orElse(Set.of()));
        if (rows.add(row)) {
            instancesByName.put(tx, nameKey(service.service()), Set.copyOf(rows));
        }
        tx.touch("node:" + node);
        tx.touch("svc:" + nameKey(service.service()));
        tx.touchTable(SERVICES);
        return stored;
    }

    HealthCheck ensureCheck(Tx tx, HealthCheck check) {
        if (nodes.getOrNull(check.node()) == null) {
            throw new StoreException(MISSING_NODE);
        }
        String serviceName = "";
        List<String> serviceTags = List.of();
        if (!check.serviceId().isEmpty()) {
            Service svc = services.getOrNull(rowKey(check.node(), check.serviceId()));
            if (svc == null) {
                throw new StoreException(MISSING_SERVICE);
            }
            serviceName = svc.service();
            serviceTags = svc.tags();
        }
        HealthStatus status = check.status() == null ? HealthStatus.CRITICAL : check.status();
        String row = rowKey(check.node(), check.checkId());
        HealthCheck existing = checks.getOrNull(row);
        HealthCheck stored = new HealthCheck(check.node(), check.checkId(), check.name(), status, check.notes(),
                check.output(), check.serviceId(), serviceName, serviceTags, check.type(), check.definition(),
                existing == null ? tx.index : existing.createIndex(), tx.index);
        if (existing != null && sameCheck(existing, stored)) {
            return existing;
        }
        checks.put(tx, row, stored);
        touchCheck(tx, stored);
        if (existing != null && !existing.serviceId().equals(stored.serviceId())) {
            touchCheck(tx, existing);
        }
        if (status == HealthStatus.CRITICAL) {
            sessions.invalidateForCheck(tx, check.node(), check.checkId());
        }
        return stored;
    }

    boolean deleteCheck(Tx tx, String node, String checkId) {
        HealthCheck removed = checks.remove(tx, rowKey(node, checkId));
        if (removed == null) {
            return false;
        }
        touchCheck(tx, removed);
        sessions.invalidateForCheck(tx, node, checkId);
        return true;
    }

    boolean deleteService(Tx tx, String node, String serviceId) {
        String row = rowKey(node, serviceId);
        Service removed = services.getOrNull(row);
        if (removed == null) {
            return false;
        }
        for (HealthCheck c : checks(node)) {
            if (c.serviceId().equals(serviceId)) {
                deleteCheck(tx, node, c.checkId());
            }
        }
        services.remove(tx, row);
        unindexInstance(tx, removed.service(), row);
        tx.touch("node:" + node);
        tx.touch("svc:" + nameKey(removed.service()));
        tx.touchTable(SERVICES);
        return true;
    }

    boolean deleteNode(Tx tx, String node) {
        if (nodes.getOrNull(node) == null) {
            return false;
        }
        for (HealthCheck c : checks(node)) {
            deleteCheck(tx, node, c.checkId());
        }
        for (Service s : services(node)) {
            deleteService(tx, node, s.id());
        }
        sessions.invalidateForNode(tx, node);
        nodes.remove(tx, node);
        touchNode(tx, node);
        tx.touchTable(NODES);
        return true;
    }

    private void unindexInstance(Tx tx, String name, String row) {
        Set<String> rows = new HashSet<>(instancesByName.get(nameKey(name)).orElse(Set.of()));
        rows.remove(row);
        if (rows.isEmpty()) {
            instancesByName.remove(tx, nameKey(name));
        } else {
            instancesByName.put(tx, nameKey(name), Set.copyOf(rows));
        }
    }

    /** A node's own change shows in every service row it hosts. */
    private void touchNode(Tx tx, String node) {
        tx.touch("node:" + node);
        for (Service s : services(node)) {
            tx.touch("svc:" + nameKey(s.service()));
        }
    }

    /** A node check affects the health of every service on the node; a service check only that service. */
    private void touchCheck(Tx tx, HealthCheck c) {
        tx.touch("node:" + c.node());
        tx.touchTable(CHECKS);
        if (c.serviceId().isEmpty()) {
            for (Service s : services(c.node())) {
                tx.touch("svc:" + nameKey(s.service()));
            }
        } else if (!c.serviceName().isEmpty()) {
            tx.touch("svc:" + nameKey(c.serviceName()));
        }
    }

    private static boolean sameNode(Node a, Node b) {
        return Objects.equals(a.id(), b.id()) && Objects.equals(a.address(), b.address())
                && Objects.equals(a.datacenter(), b.datacenter()) && a.taggedAddresses().equals(b.taggedAddresses())
                && a.meta().equals(b.meta());
    }

    private static boolean sameService(Service a, Service b) {
        return a.service().equals(b.service()) && a.kind().equals(b.kind()) && a.tags().equals(b.tags())
                && a.address().equals(b.address()) && a.taggedAddresses().equals(b.taggedAddresses())
                && a.meta().equals(b.meta()) && a.port() == b.port() && a.weights().equals(b.weights())
                && a.enableTagOverride() == b.enableTagOverride();
    }

    private static boolean sameCheck(HealthCheck a, HealthCheck b) {
        return a.name().equals(b.name()) && a.status() == b.status() && a.notes().equals(b.notes())
                && a.output().equals(b.output()) && a.serviceId().equals(b.serviceId())
                && a.serviceName().equals(b.serviceName()) && a.serviceTags().equals(b.serviceTags())
                && a.type().equals(b.type()) && a.definition().equals(b.definition());
    }

    // snapshot

    record ServiceRow(String node, Service service) {
    }

    List<Node> dumpNodes() {
        return List.copyOf(nodes.view().values());
    }

    List<ServiceRow> dumpServices() {
        List<ServiceRow> out = new ArrayList<>();
        services.view().forEach((row, s) -> out.add(new ServiceRow(row.substring(0, row.indexOf('\0')), s)));
        return out;
    }

    List<HealthCheck> dumpChecks() {
        return List.copyOf(checks.view().values());
    }

    void restore(List<Node> nodeRows, List<ServiceRow> serviceRows, List<HealthCheck> checkRows) {
        nodes.clearForRestore();
        services.clearForRestore();
        instancesByName.clearForRestore();
        checks.clearForRestore();
        nodeRows.forEach(n -> nodes.putForRestore(n.node(), n));
        Map<String, Set<String>> byName = new TreeMap<>();
        for (ServiceRow r : serviceRows) {
            String row = rowKey(r.node(), r.service().id());
            services.putForRestore(row, r.service());
            byName.computeIfAbsent(nameKey(r.service().service()), k -> new HashSet<>()).add(row);
        }
        byName.forEach((k, v) -> instancesByName.putForRestore(k, Set.copyOf(v)));
        checkRows.forEach(c -> checks.putForRestore(rowKey(c.node(), c.checkId()), c));
    }
}
