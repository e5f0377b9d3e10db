package io.muster.gossip;

import io.muster.gossip.crypto.Keyring;
import io.muster.gossip.crypto.KeyringFile;
import io.muster.gossip.crypto.PacketSecurity;
import io.muster.gossip.net.GossipPool;
import io.muster.gossip.net.PeerSnapshot;
import io.muster.gossip.swim.KeyringDelegate;
import io.muster.gossip.swim.KeyringResult;
import io.muster.gossip.swim.Message;
import io.muster.gossip.swim.SwimConfig;
import io.muster.spi.ConfigView;
import io.muster.spi.membership.KeyringResponse;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.membership.Membership;
import io.muster.spi.membership.MembershipContext;
import io.muster.spi.membership.MembershipListener;
import io.muster.spi.membership.UserEvent;
import io.muster.spi.model.Coordinate;
import io.muster.spi.model.Member;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Membership} extension: a LAN pool on {@code ports.serf_lan} and, for servers, a WAN pool on
 * {@code ports.serf_wan}, both at the bind address, with Consul's gossip options ({@code encrypt},
 * {@code encrypt_verify_*}, {@code reconnect_timeout}, {@code rejoin_after_leave}, {@code gossip_lan} /
 * {@code gossip_wan} timings). Keyrings and peer snapshots live in {@code data-dir/serf/}.
 */
@Extension
public final class SwimMembership implements Membership {
    private static final Logger log = LoggerFactory.getLogger(SwimMembership.class);

    private final Clock clock;
    private GossipPool lan;
    private GossipPool wan;
    private String datacenter = "dc1";
    private String nodeName;
    private boolean coordinatesDisabled;
    private ScheduledExecutorService snapshots;
    private final AtomicBoolean left = new AtomicBoolean();
    private final List<Runnable> snapshotWriters = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SwimMembership() {
        this(Clock.systemUTC());
    }

    SwimMembership(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "gossip-swim";
    }

    @Override
    public void start(MembershipContext context) throws Exception {
        ConfigView config = context.config();
        nodeName = context.nodeName();
        coordinatesDisabled = config.bool("disable_coordinates", false);
        datacenter = context.tags().getOrDefault("dc", config.string("datacenter", "dc1"));
        boolean server = config.bool("server", false);
        Optional<Path> serfDir = context.dataDir().map(d -> d.resolve("serf"));
        String bindAddr = config.string("bind_addr", "0.0.0.0");
        MembershipListener listener = context.listener();
        snapshots = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gossip-snapshot");
            t.setDaemon(true);
            return t;
        });

        lan = startPool("lan", config, SwimConfig.lan(), "gossip_lan", "reconnect_timeout", nodeName,
                config.string("serf_lan", bindAddr), (int) config.number("ports.serf_lan", 8301),
                config.string("advertise_addr", ""), context.tags(),
                serfDir.map(d -> d.resolve("local.keyring")), serfDir.map(d -> d.resolve("local.snapshot")),
                new GossipPool.Events() {
                    @Override
                    public void onMemberEvent(MemberEvent event) {
                        listener.onMemberEvent(event);
                    }

                    @Override
                    public void onUserEvent(UserEvent event) {
                        listener.onUserEvent(event);
                    }
                });
        if (server && config.number("ports.serf_wan", 8302) > 0) {
            wan = startPool("wan", config, SwimConfig.wan(), "gossip_wan", "reconnect_timeout_wan",
                    nodeName + "." + datacenter, config.string("serf_wan", bindAddr), (int) config.number("ports.serf_wan", 8302),
                    config.string("advertise_addr_wan", config.string("advertise_addr", "")), context.tags(),
                    serfDir.map(d -> d.resolve("remote.keyring")), serfDir.map(d -> d.resolve("remote.snapshot")),
                    new GossipPool.Events() {
                        @Override
                        public void onMemberEvent(MemberEvent event) {
                            listener.onWanMemberEvent(event);
                        }

                        @Override
                        public void onUserEvent(UserEvent event) {
                            // user events are LAN-scoped in Consul; WAN pools never carry them
                        }
                    });
        }
    }

    private GossipPool startPool(String label, ConfigView config, SwimConfig profile, String timingSection,
                                 String reconnectKey, String poolNodeName, String bindHost, int port, String advertiseHost,
                                 Map<String, String> tags, Optional<Path> keyringPath, Optional<Path> snapshotPath,
                                 GossipPool.Events events) throws IOException {
        SwimConfig swim = profile
                .withProbing(config.duration(timingSection + ".probe_interval", Duration.ofMillis(profile.probeIntervalMs())).toMillis(),
                        config.duration(timingSection + ".probe_timeout", Duration.ofMillis(profile.probeTimeoutMs())).toMillis(),
                        config.duration(timingSection + ".gossip_interval", Duration.ofMillis(profile.gossipIntervalMs())).toMillis())
                .withMultipliers((int) config.number(timingSection + ".suspicion_mult", profile.suspicionMult()),
                        (int) config.number(timingSection + ".retransmit_mult", profile.retransmitMult()),
                        (int) config.number(timingSection + ".gossip_nodes", profile.gossipNodes()))
                .withReaping(config.duration(reconnectKey, Duration.ofMillis(profile.reconnectTimeoutMs())),
                        Duration.ofMillis(profile.tombstoneTimeoutMs()));
        PacketSecurity security = security(config, keyringPath, label);
        KeyringDelegate keyring = security.encrypted() ? new PersistentKeyring(security.keyring(), keyringPath) : KeyringDelegate.NONE;
        String advertise = (advertiseHost.isEmpty() ? advertiseFor(bindHost) : advertiseHost);
        String advertiseHostPort = (advertise.contains(":") ? "[" + advertise + "]" : advertise) + ":" + port;

        Optional<PeerSnapshot> snapshot = snapshotPath.map(PeerSnapshot::new);
        AtomicBoolean dirty = new AtomicBoolean();
        GossipPool pool = new GossipPool(label, swim, poolNodeName, new InetSocketAddress(InetAddress.getByName(bindHost), port),
                advertiseHostPort, tags, security, keyring, new GossipPool.Events() {
                    @Override
                    public void onMemberEvent(MemberEvent event) {
                        dirty.set(true);
                        events.onMemberEvent(event);
                    }

                    @Override
                    public void onUserEvent(UserEvent event) {
                        events.onUserEvent(event);
                    }
                }, clock);
        List<String> rejoin = List.of();
        if (snapshot.isPresent()) {
            rejoin = snapshot.get().rejoinAddresses(config.bool("rejoin_after_leave", false));
            // write the peer list at most once a second; it only needs to be roughly current
            snapshots.scheduleWithFixedDelay(() -> {
                if (dirty.getAndSet(false)) {
                    writeSnapshot(snapshot.get(), poolNodeName, pool);
                }
            }, 1, 1, TimeUnit.SECONDS);
            snapshotWriters.add(() -> writeSnapshot(snapshot.get(), poolNodeName, pool));
        }
        pool.start();
        if (!rejoin.isEmpty()) {
            log.info("gossip {}: rejoining {} previously known peers from {}", label, rejoin.size(), snapshot.get().file());
            pool.join(rejoin).whenComplete((n, e) -> {
                if (e != null) {
                    log.warn("gossip {}: rejoin from the snapshot failed: {}", label, e.getMessage());
                }
            });
        }
        return pool;
    }

    private void writeSnapshot(PeerSnapshot snapshot, String self, GossipPool pool) {
        try {
            snapshot.write(self, pool.members(), left.get());
        } catch (IOException e) {
            log.warn("gossip: cannot write the peer snapshot {}: {}", snapshot.file(), e.getMessage());
        }
    }

    private static PacketSecurity security(ConfigView config, Optional<Path> keyringPath, String label) throws IOException {
        String encrypt = config.string("encrypt", "");
        boolean verifyIncoming = config.bool("encrypt_verify_incoming", true);
        boolean verifyOutgoing = config.bool("encrypt_verify_outgoing", true);
        List<String> keys = new ArrayList<>();
        if (keyringPath.isPresent() && Files.exists(keyringPath.get())) {
            keys.addAll(KeyringFile.read(keyringPath.get()));
            if (!encrypt.isEmpty() && !keys.isEmpty()) {
                log.warn("gossip {}: keyring file {} exists; using it and ignoring the encrypt option", label, keyringPath.get());
            }
        }
        if (keys.isEmpty() && !encrypt.isEmpty()) {
            try {
                Keyring.decodeKey(encrypt);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config key encrypt: " + e.getMessage(), e);
            }
            keys.add(encrypt.trim());
            if (keyringPath.isPresent()) {
                KeyringFile.write(keyringPath.get(), keys);
            }
        }
        if (keys.isEmpty()) {
            return PacketSecurity.plaintext();
        }
        return new PacketSecurity(Keyring.of(keys), verifyIncoming, verifyOutgoing);
    }

    /** Consul's rule for a wildcard bind: advertise the one private IPv4 address, and insist there is one. */
    static String advertiseFor(String bindHost) throws SocketException {
        if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
            return bindHost;
        }
        List<String> candidates = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                    candidates.add(a.getHostAddress());
                }
            }
        }
        if (candidates.size() > 1) {
            throw new IllegalArgumentException("Multiple private IPv4 addresses found (" + String.join(", ", candidates)
                    + "). Please configure one with 'bind' and/or 'advertise'.");
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("No private IPv4 address found. Please configure one with 'bind' and/or 'advertise'.");
        }
        return candidates.get(0);
    }

    @Override
    public Optional<Coordinate> localCoordinate() {
        GossipPool pool = lan;
        if (coordinatesDisabled || pool == null) {
            return Optional.empty();
        }
        return pool.coordinate().map(c -> new Coordinate(nodeName, "",
                java.util.Arrays.stream(c.vec()).boxed().toList(), c.error(), c.adjustment(), c.height()));
    }

    @Override
    public CompletionStage<Integer> join(List<String> addresses, boolean wanPool) {
        GossipPool pool = wanPool ? wan : lan;
        if (pool == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(wanPool
                    ? "this agent is not a server: it has no WAN pool to join (start it with -server)"
                    : "gossip is not started"));
        }
        return pool.join(addresses);
    }

    @Override
    public List<Member> members(boolean wanPool) {
        GossipPool pool = wanPool ? wan : lan;
        return pool == null ? List.of() : pool.members();
    }

    @Override
    public CompletionStage<Void> leave() {
        left.set(true);
        List<CompletableFuture<Void>> leaving = new ArrayList<>();
        for (GossipPool pool : pools()) {
            leaving.add(pool.leave());
        }
        // record the leave so a restart does not rejoin unless rejoin_after_leave is set
        return CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new))
                .thenRunAsync(() -> snapshotWriters.forEach(Runnable::run), snapshots);
    }

    @Override
    public CompletionStage<Void> forceLeave(String node, boolean prune) {
        CompletableFuture<Void> lanResult = lan.forceLeave(node, prune);
        if (wan == null) {
            return lanResult;
        }
        // a server's WAN name is node.dc; the node may be known in either pool
        CompletableFuture<Void> wanResult = wan.forceLeave(node.contains(".") ? node : node + "." + datacenter, prune);
        return lanResult.handle((v, e) -> e).thenCombine(wanResult.handle((v, e) -> e), (a, b) -> {
            if (a != null && b != null) {
                throw a instanceof RuntimeException r ? r : new IllegalArgumentException(a.getMessage(), a);
            }
            return null;
        });
    }

    @Override
    public void fire(UserEvent event) {
        lan.fire(event);
    }

    @Override
    public CompletionStage<List<KeyringResponse>> keyringList() {
        return keyring(Message.KeyringOperation.LIST, "");
    }

    @Override
    public CompletionStage<List<KeyringResponse>> keyringInstall(String key) {
        return keyring(Message.KeyringOperation.INSTALL, key);
    }

    @Override
    public CompletionStage<List<KeyringResponse>> keyringUse(String key) {
        return keyring(Message.KeyringOperation.USE, key);
    }

    @Override
    public CompletionStage<List<KeyringResponse>> keyringRemove(String key) {
        return keyring(Message.KeyringOperation.REMOVE, key);
    }

    private CompletionStage<List<KeyringResponse>> keyring(Message.KeyringOperation operation, String key) {
        // Consul lists the WAN pool first, then the LAN pool
        List<GossipPool> pools = new ArrayList<>();
        if (wan != null) {
            pools.add(wan);
        }
        pools.add(lan);
        List<CompletableFuture<KeyringResponse>> answers = new ArrayList<>();
        for (GossipPool pool : pools) {
            boolean isWan = pool == wan;
            answers.add(pool.keyring(operation, key).thenApply(r -> toResponse(r, isWan)));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(v -> answers.stream().map(CompletableFuture::join).toList());
    }

    private KeyringResponse toResponse(KeyringResult result, boolean isWan) {
        Map<String, Integer> keys = new LinkedHashMap<>();
        Map<String, Integer> primary = new LinkedHashMap<>();
        Map<String, String> messages = new HashMap<>();
        for (Message.KeyringReply reply : result.replies()) {
            for (String k : reply.keys()) {
                keys.merge(k, 1, Integer::sum);
            }
            if (!reply.primaryKey().isEmpty()) {
                primary.merge(reply.primaryKey(), 1, Integer::sum);
            }
            if (!reply.ok()) {
                messages.put(reply.node(), reply.error());
            }
        }
        int missing = result.numNodes() - result.replies().size();
        if (missing > 0) {
            messages.put("", missing + " nodes did not answer within the keyring timeout");
        }
        return new KeyringResponse(isWan, datacenter, messages, keys, primary, result.numNodes());
    }

    private List<GossipPool> pools() {
        List<GossipPool> pools = new ArrayList<>();
        if (lan != null) {
            pools.add(lan);
        }
        if (wan != null) {
            pools.add(wan);
        }
        return pools;
    }

    /** Stops the pools without a leave: other members will see this node fail. */
    @Override
    public void stop() {
        snapshotWriters.forEach(Runnable::run);
        for (GossipPool pool : pools()) {
            pool.close();
        }
        if (snapshots != null) {
            snapshots.shutdownNow();
        }
    }

    /** Applies keyring changes and persists the keyring so a restart keeps the rotated keys. */
    private static final class PersistentKeyring implements KeyringDelegate {
        private final Keyring keyring;
        private final Optional<Path> file;

        PersistentKeyring(Keyring keyring, Optional<Path> file) {
            this.keyring = keyring;
            this.file = file;
        }

        @Override
        public String apply(Message.KeyringOperation operation, String key) {
            String error = switch (operation) {
                case LIST -> null;
                case INSTALL -> keyring.install(key);
                case USE -> keyring.use(key);
                case REMOVE -> keyring.remove(key);
            };
            if (error == null && operation != Message.KeyringOperation.LIST && file.isPresent()) {
                try {
                    KeyringFile.write(file.get(), keyring.keys());
                } catch (IOException e) {
                    return "key applied in memory but the keyring file " + file.get() + " could not be written: " + e.getMessage();
                }
            }
            return error;
        }

        @Override
        public List<String> keys() {
            return keyring.keys();
        }

        @Override
        public String primaryKey() {
            return keyring.primaryKey();
        }
    }
}
