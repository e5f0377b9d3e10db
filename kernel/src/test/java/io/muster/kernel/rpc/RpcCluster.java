package io.muster.kernel.rpc;

import io.muster.kernel.testing.MutableClock;
import io.muster.kernel.endpoint.DataPlane;
import io.muster.kernel.endpoint.NodeIdentity;
import io.muster.kernel.leader.ManualScheduler;
import io.muster.kernel.store.MemoryStateStore;
import io.muster.spi.ConfigView;
import io.muster.spi.api.ApiException;
import io.muster.spi.consensus.ConsensusContext;
import io.muster.spi.consensus.StateMachine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Servers and clients joined by an {@link InMemoryTransport}: real data planes on in-memory stores, a test clock,
 * and a timer that advances the clock and runs the task at once (so backoffs cost no real time).
 */
final class RpcCluster implements AutoCloseable {
    final InMemoryTransport transport = new InMemoryTransport();
    final MutableClock clock = new MutableClock();
    final ManualScheduler scheduler = new ManualScheduler();
    final EndpointCodec codec = new EndpointCodec();
    final List<Duration> backoffs = new CopyOnWriteArrayList<>();
    /** Runs at each backoff, before the retry: what changes in the cluster meanwhile. */
    volatile Runnable onBackoff = () -> { };
    final Delays delays = (delay, task) -> {
        backoffs.add(delay);
        clock.advance(delay);
        onBackoff.run();
        task.run();
    };
    private final List<Server> servers = new ArrayList<>();

    /** One server: its consensus, data plane, routing (toward the leader when it follows) and RPC service. */
    final class Server {
        final String address;
        final TestConsensus consensus;
        final DataPlane plane;
        final DataApis local;
        final DataApis routed;

        Server(String name, String address, TestConsensus consensus) {
            this.address = address;
            this.consensus = consensus;
            NodeIdentity self = new NodeIdentity(name, "00000000-0000-0000-0000-00000000000" + (servers.size() + 1),
                    "dc1", address);
            plane = new DataPlane(new MemoryStateStore(clock), consensus, scheduler, self, 512 * 1024, clock);
            StateMachine sm = plane.stateMachine();
            consensus.start(context(sm, name, address));
            local = new DataApis(plane.kv(), plane.catalog(), plane.health(), plane.session(), plane.txn(),
                    plane.status(), plane.coordinate(), plane.operator(Optional.empty(), "1.0.0"),
                    plane.preparedQuery(), plane.snapshot(), plane.configEntry());
            ServerRouter router = new ServerRouter(local, consensus, Optional.of(new Forwarder(codec, transport,
                    new LeaderTarget(consensus), true, delays, clock)));
            routed = local.through(codec, router.frontendTarget());
            int colon = address.lastIndexOf(':');
            transport.start(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                    new RpcService(codec, router));
        }
    }

    /** A server that leads (a single-node log). */
    Server leader(String name, String address) {
        Server s = new Server(name, address, new TestConsensus(true, Optional.of(address)));
        servers.add(s);
        return s;
    }

    /** A server that follows {@code leader}: it applies its own writes locally but says it does not lead. */
    Server follower(String name, String address, Optional<String> leader) {
        Server s = new Server(name, address, new TestConsensus(false, leader));
        servers.add(s);
        return s;
    }

    /** A client agent's forwarded endpoints over {@code known} servers. */
    DataApis client(List<String> known, long seed) {
        ServerList list = new ServerList(() -> known, clock, new Random(seed));
        return new DataApis(null, null, null, null, null, null, null, null, null, null, null)
                .through(codec, client(list));
    }

    Forwarder client(ForwardTargets targets) {
        return new Forwarder(codec, transport, targets, false, delays, clock);
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("stage did not complete normally: " + e, e);
        }
    }

    static ApiException failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                return api;
            }
            throw new AssertionError("expected an ApiException, got " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("stage did not complete: " + e, e);
        }
        throw new AssertionError("stage should have failed");
    }

    @Override
    public void close() {
        servers.forEach(s -> s.consensus.stop());
    }

    private static ConsensusContext context(StateMachine sm, String name, String address) {
        return new ConsensusContext() {
            @Override
            public StateMachine stateMachine() {
                return sm;
            }

            @Override
            public ConfigView config() {
                throw new UnsupportedOperationException("the test log reads no configuration");
            }

            @Override
            public String nodeName() {
                return name;
            }

            @Override
            public String nodeId() {
                return name;
            }

            @Override
            public String rpcAddress() {
                return address;
            }

            @Override
            public Optional<Path> dataDir() {
                return Optional.empty();
            }
        };
    }
}
