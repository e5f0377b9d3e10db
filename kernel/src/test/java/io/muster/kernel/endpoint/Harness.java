package io.muster.kernel.endpoint;

import io.muster.kernel.testing.MutableClock;

import io.muster.kernel.consensus.LocalConsensus;
import io.muster.kernel.leader.ManualScheduler;
import io.muster.kernel.store.MemoryStateStore;
import io.muster.spi.ConfigView;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.consensus.ConsensusContext;
import io.muster.spi.consensus.StateMachine;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Service;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A single-node data plane on virtual time: LocalConsensus, the in-memory store and a manual scheduler. */
final class Harness implements AutoCloseable {
    static final NodeIdentity SELF = new NodeIdentity("node1", "11111111-2222-3333-4444-555555555555", "dc1",
            "127.0.0.1:8300");
    static final long MAX_VALUE = 512 * 1024;

    final MutableClock clock = new MutableClock();
    final ManualScheduler scheduler = new ManualScheduler();
    final MemoryStateStore store = new MemoryStateStore(clock);
    final LocalConsensus consensus = new LocalConsensus();
    final DataPlane plane;

    Harness() {
        this(0.5);
    }

    Harness(double jitter) {
        plane = new DataPlane(store, consensus, scheduler, SELF, MAX_VALUE, clock, () -> jitter);
        StateMachine sm = plane.stateMachine();
        consensus.start(new ConsensusContext() {
            @Override
            public StateMachine stateMachine() {
                return sm;
            }

            @Override
            public ConfigView config() {
                throw new UnsupportedOperationException("LocalConsensus reads no configuration");
            }

            @Override
            public String nodeName() {
                return SELF.nodeName();
            }

            @Override
            public String nodeId() {
                return SELF.nodeId();
            }

            @Override
            public String rpcAddress() {
                return SELF.rpcAddress();
            }

            @Override
            public Optional<Path> dataDir() {
                return Optional.empty();
            }
        });
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("stage did not complete normally: " + e, e);
        }
    }

    /** Registers a node with a serfHealth check and optionally one service with a check. */
    void register(String node, String address, Service service, HealthStatus serviceStatus, Map<String, String> meta) {
        List<HealthCheck> checks = service == null
                ? List.of(check(node, "serfHealth", "", HealthStatus.PASSING))
                : List.of(check(node, "serfHealth", "", HealthStatus.PASSING),
                check(node, "svc:" + service.id(), service.id(), serviceStatus));
        await(plane.catalog().register(new CatalogRegistration(null, node, address, null, Map.of(), meta, service,
                checks, false), WriteOptions.DEFAULT));
    }

    /** The failure of a stage that must fail, unwrapped. */
    static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("stage did not complete: " + e, e);
        }
        throw new AssertionError("stage should have failed");
    }

    static HealthCheck check(String node, String id, String serviceId, HealthStatus status) {
        return new HealthCheck(node, id, id, status, "", "", serviceId, "", List.of(), "", Map.of(), 0, 0);
    }

    static Service service(String id, String name, String... tags) {
        return new Service(id, name, "", List.of(tags), "", Map.of(), Map.of(), 8080, null, false, 0, 0);
    }

    @Override
    public void close() {
        consensus.stop();
    }
}
