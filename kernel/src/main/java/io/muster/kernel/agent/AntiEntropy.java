package io.muster.kernel.agent;

import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.CatalogDeregistration;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Keeps this node's entries in the catalog equal to the agent's local services and checks (Consul's
 * agent/local/state.go). {@link #syncChanges()} pushes what differs from what was last synced; {@link #syncFull()}
 * first re-reads the catalog, so entries changed or added behind the agent's back are corrected and this node's
 * services/checks the agent does not know are removed (except {@code serfHealth}, which the leader owns).
 * A check whose only change is its output waits until {@code checkUpdateInterval} after its last sync (status
 * changes go at once). Calls must be serialised by the caller ({@link AntiEntropyDriver} does).
 */
public final class AntiEntropy {
    public static final String SERF_HEALTH = "serfHealth";
    /** The service id Consul's leader registers for every server. */
    public static final String CONSUL_SERVICE = "consul";
    private static final Logger LOG = LoggerFactory.getLogger(AntiEntropy.class);

    /** What the agent holds locally, by id. */
    public record LocalSnapshot(Map<String, Service> services, Map<String, HealthCheck> checks) {
    }

    /** This node's identity as registered in the catalog. */
    public record NodeInfo(String id, String name, String address, String datacenter, Map<String, String> taggedAddresses,
                           Map<String, String> meta) {
    }

    private final NodeInfo node;
    private final Supplier<CatalogApi> catalog;
    private final Supplier<HealthApi> health;
    private final Supplier<LocalSnapshot> local;
    private final Clock clock;
    private final Duration checkUpdateInterval;

    private boolean nodeInSync;
    private final Map<String, Service> syncedServices = new HashMap<>();
    private final Map<String, HealthCheck> syncedChecks = new HashMap<>();
    private final Map<String, Instant> checkSyncedAt = new HashMap<>();
    private Instant deferredUntil;

    public AntiEntropy(NodeInfo node, Supplier<CatalogApi> catalog, Supplier<HealthApi> health,
                       Supplier<LocalSnapshot> local, Clock clock, Duration checkUpdateInterval) {
        this.node = node;
        this.catalog = catalog;
        this.health = health;
        this.local = local;
        this.clock = clock;
        this.checkUpdateInterval = checkUpdateInterval;
    }

    /** Consul's full-sync spacing: 1 interval up to 128 nodes, one more per doubling beyond (agent/ae scaleFactor). */
    public static int scaleFactor(int members) {
        int threshold = 128;
        if (members <= threshold) {
            return 1;
        }
        return (int) Math.ceil(Math.log(members) / Math.log(2) - Math.log(threshold) / Math.log(2)) + 1;
    }

    /** When a deferred output-only check update becomes due, if one is waiting. */
    public Optional<Instant> deferredUntil() {
        return Optional.ofNullable(deferredUntil);
    }

    /** Re-reads this node from the catalog, then pushes every difference. */
    public CompletionStage<Void> syncFull() {
        QueryOptions options = QueryOptions.DEFAULT;
        CompletionStage<Optional<NodeServices>> nodeServices = catalog.get().node(node.name(), options).thenApply(r -> r.value());
        CompletionStage<List<HealthCheck>> nodeChecks = health.get().node(node.name(), options).thenApply(r -> r.value());
        return nodeServices.thenCombine(nodeChecks, (ns, checks) -> {
            syncedServices.clear();
            syncedChecks.clear();
            nodeInSync = ns.map(n -> sameNode(n.node())).orElse(false);
            // The leader owns a server's "consul" service (as serfHealth): the agent never removes it.
            ns.ifPresent(n -> n.services().stream().filter(s -> !s.id().equals(CONSUL_SERVICE))
                    .forEach(s -> syncedServices.put(s.id(), normalise(s))));
            Instant now = clock.instant();
            for (HealthCheck c : checks) {
                syncedChecks.put(c.checkId(), normalise(c));
                checkSyncedAt.putIfAbsent(c.checkId(), now);
            }
            return null;
        }).thenCompose(ignored -> syncChanges());
    }

    /** Pushes local entries that differ from what was last synced and removes what the agent no longer has. */
    public CompletionStage<Void> syncChanges() {
        LocalSnapshot snapshot = local.get();
        Instant now = clock.instant();
        deferredUntil = null;
        List<Supplier<CompletionStage<Void>>> steps = new ArrayList<>();
        if (!nodeInSync) {
            steps.add(() -> register(null, List.of()).thenRun(() -> nodeInSync = true));
        }
        for (String id : List.copyOf(syncedServices.keySet())) {
            if (!snapshot.services().containsKey(id)) {
                steps.add(() -> deregister(id, null).thenRun(() -> {
                    syncedServices.remove(id);
                    syncedChecks.values().removeIf(c -> c.serviceId().equals(id));
                }));
            }
        }
        for (HealthCheck c : List.copyOf(syncedChecks.values())) {
            String id = c.checkId();
            if (!snapshot.checks().containsKey(id) && !id.equals(SERF_HEALTH)
                    && (c.serviceId().isEmpty() || snapshot.services().containsKey(c.serviceId()))) {
                steps.add(() -> deregister(null, id).thenRun(() -> syncedChecks.remove(id)));
            }
        }
        List<String> coveredChecks = new ArrayList<>();
        for (Service s : snapshot.services().values()) {
            Service want = normalise(s);
            List<HealthCheck> checks = snapshot.checks().values().stream()
                    .filter(c -> c.serviceId().equals(s.id())).map(this::normalise).toList();
            boolean checksDiffer = checks.stream().anyMatch(c -> !sameCheck(c, syncedChecks.get(c.checkId())));
            if (!want.equals(syncedServices.get(s.id())) || (checksDiffer && !onlyDeferrableOutput(checks, now))) {
                checks.forEach(c -> coveredChecks.add(c.checkId()));
                steps.add(() -> register(want, checks).thenRun(() -> {
                    syncedServices.put(want.id(), want);
                    checks.forEach(c -> markSynced(c));
                }));
            }
        }
        for (HealthCheck c : snapshot.checks().values()) {
            HealthCheck want = normalise(c);
            if (coveredChecks.contains(want.checkId()) || sameCheck(want, syncedChecks.get(want.checkId()))) {
                continue;
            }
            if (outputOnlyAndTooSoon(want, now)) {
                continue;
            }
            Service service = want.serviceId().isEmpty() ? null : normalise(snapshot.services().get(want.serviceId()));
            steps.add(() -> register(service, List.of(want)).thenRun(() -> markSynced(want)));
        }
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Supplier<CompletionStage<Void>> step : steps) {
            chain = chain.thenCompose(ignored -> step.get());
        }
        return chain;
    }

    private boolean onlyDeferrableOutput(List<HealthCheck> checks, Instant now) {
        for (HealthCheck c : checks) {
            if (!sameCheck(c, syncedChecks.get(c.checkId())) && !outputOnlyAndTooSoon(c, now)) {
                return false;
            }
        }
        return true;
    }

    /** Consul's check_update_interval: an output-only change waits; the wait is recorded for the driver. */
    private boolean outputOnlyAndTooSoon(HealthCheck want, Instant now) {
        HealthCheck have = syncedChecks.get(want.checkId());
        Instant last = checkSyncedAt.get(want.checkId());
        if (have == null || last == null || checkUpdateInterval.isZero() || have.status() != want.status()
                || !sameCheck(withOutput(want, have.output()), have)) {
            return false;
        }
        Instant due = last.plus(checkUpdateInterval);
        if (!now.isBefore(due)) {
            return false;
        }
        deferredUntil = deferredUntil == null || due.isBefore(deferredUntil) ? due : deferredUntil;
        return true;
    }

    private void markSynced(HealthCheck c) {
        syncedChecks.put(c.checkId(), c);
        checkSyncedAt.put(c.checkId(), clock.instant());
    }

    private CompletionStage<Void> register(Service service, List<HealthCheck> checks) {
        CatalogRegistration registration = new CatalogRegistration(node.id(), node.name(), node.address(), node.datacenter(),
                node.taggedAddresses(), node.meta(), service, checks, false);
        return catalog.get().register(registration, WriteOptions.DEFAULT).thenAccept(ok -> {
            if (!Boolean.TRUE.equals(ok)) {
                throw new IllegalStateException("catalog refused registration of node " + node.name());
            }
        }).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("anti-entropy: syncing {} to the catalog failed: {}; will retry",
                        service != null ? "service " + service.id() : checks.isEmpty() ? "node info" : "check " + checks.get(0).checkId(),
                        error.toString());
            }
        });
    }

    private CompletionStage<Void> deregister(String serviceId, String checkId) {
        return catalog.get().deregister(new CatalogDeregistration(node.name(), node.datacenter(), serviceId, checkId),
                WriteOptions.DEFAULT).thenAccept(ok -> {
                    LOG.debug("anti-entropy: deregistered {} {}", serviceId != null ? "service" : "check",
                            serviceId != null ? serviceId : checkId);
                });
    }

    private boolean sameNode(Node n) {
        return Objects.equals(n.address(), node.address()) && n.meta().equals(node.meta())
                && n.taggedAddresses().equals(node.taggedAddresses())
                && (node.id() == null || node.id().isEmpty() || Objects.equals(n.id(), node.id()));
    }

    /** Catalog copies carry indexes and maybe a different node spelling; compare without them. */
    private static Service normalise(Service s) {
        return s == null ? null : new Service(s.id(), s.service(), s.kind(), s.tags(), s.address(), s.taggedAddresses(),
                s.meta(), s.port(), s.weights(), s.enableTagOverride(), 0, 0);
    }

    private HealthCheck normalise(HealthCheck c) {
        return new HealthCheck(node.name(), c.checkId(), c.name(), c.status(), c.notes(), c.output(), c.serviceId(),
                c.serviceName(), c.serviceTags(), c.type(), c.definition(), 0, 0);
    }

    private static HealthCheck withOutput(HealthCheck c, String output) {
        return new HealthCheck(c.node(), c.checkId(), c.name(), c.status(), c.notes(), output, c.serviceId(), c.serviceName(),
                c.serviceTags(), c.type(), c.definition(), 0, 0);
    }

    /** Consul's HealthCheck.IsSame: identity, status, notes, output and service fields; not the definition. */
    private static boolean sameCheck(HealthCheck a, HealthCheck b) {
        return b != null && a.checkId().equals(b.checkId()) && a.name().equals(b.name()) && a.status() == b.status()
                && a.notes().equals(b.notes()) && a.output().equals(b.output()) && a.serviceId().equals(b.serviceId())
                && a.serviceName().equals(b.serviceName()) && a.serviceTags().equals(b.serviceTags());
    }
}
