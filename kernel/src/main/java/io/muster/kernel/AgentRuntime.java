package io.muster.kernel;

import io.muster.kernel.agent.LocalAgent;
import io.muster.kernel.agent.LocalAgentSettings;
import io.muster.kernel.cluster.AdvertiseAddress;
import io.muster.kernel.cluster.Autopilot;
import io.muster.kernel.cluster.ClusterView;
import io.muster.kernel.cluster.CoordinateSync;
import io.muster.kernel.cluster.GossipJoin;
import io.muster.kernel.cluster.ServerTracker;
import io.muster.kernel.config.AgentConfig;
import io.muster.kernel.consensus.LocalConsensus;
import io.muster.kernel.endpoint.DataPlane;
import io.muster.kernel.endpoint.EventEndpoint;
import io.muster.kernel.endpoint.NodeIdentity;
import io.muster.kernel.exec.RemoteExecHandler;
import io.muster.kernel.store.MemoryStateStore;
import io.muster.kernel.config.LoadedConfig;
import io.muster.kernel.lifecycle.DataDir;
import io.muster.kernel.lifecycle.DataDirException;
import io.muster.kernel.lifecycle.PidFile;
import io.muster.kernel.log.LogBroadcaster;
import io.muster.kernel.rpc.AgentNear;
import io.muster.kernel.rpc.DataApis;
import io.muster.kernel.rpc.DatacenterGuard;
import io.muster.kernel.rpc.Delays;
import io.muster.kernel.rpc.EndpointCodec;
import io.muster.kernel.rpc.Forwarder;
import io.muster.kernel.rpc.LeaderTarget;
import io.muster.kernel.rpc.RpcService;
import io.muster.kernel.rpc.ServerDirectory;
import io.muster.kernel.rpc.ServerList;
import io.muster.kernel.rpc.ServerRouter;
import io.muster.kernel.host.PluginHost;
import io.muster.kernel.host.PluginLoadException;
import io.muster.spi.AgentContext;
import io.muster.spi.ConfigView;
import io.muster.spi.Frontend;
import io.muster.spi.LogStream;
import io.muster.spi.WebAssets;
import io.muster.spi.api.Endpoints;
import io.muster.spi.check.CheckType;
import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.ConsensusContext;
import io.muster.spi.consensus.StateMachine;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.membership.Membership;
import io.muster.spi.membership.MembershipContext;
import io.muster.spi.membership.MembershipListener;
import io.muster.spi.membership.UserEvent;
import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.store.StateStore;
import io.muster.spi.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running agent: config, data dir, plugins, state store, consensus, endpoints, local agent and frontends,
 * started in that order and stopped in reverse. A failure at any step stops what was started and reports which
 * component failed.
 */
public final class AgentRuntime {
    private static final Logger log = LoggerFactory.getLogger("agent");

    private final Deque<Stoppable> started = new ArrayDeque<>();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final AgentConfig config;
    private volatile Runnable leaveHook = () -> { };
    private volatile Runnable fatalHook = () -> { };
    private String nodeId;
    private String advertise;
    private PluginHost plugins;
    private Optional<Membership> membership = Optional.empty();
    private ClusterView cluster;
    private volatile EventEndpoint events;
    private ServerDirectory servers;

    @FunctionalInterface
    private interface Stoppable {
        void stop() throws Exception;
    }

    private AgentRuntime(AgentConfig config) {
        this.config = config;
    }

    public static AgentRuntime start(LoadedConfig loaded, Path pluginsDir, LogBroadcaster logs)
            throws DataDirException, PluginLoadException, StartupException {
        AgentRuntime runtime = new AgentRuntime(loaded.config());
        try {
            runtime.startAll(loaded, pluginsDir, logs);
            return runtime;
        } catch (DataDirException | PluginLoadException | StartupException | RuntimeException e) {
            runtime.stopAll();
            throw e;
        }
    }

    private void startAll(LoadedConfig loaded, Path pluginsDir, LogBroadcaster logs)
            throws DataDirException, PluginLoadException, StartupException {
        Optional<Path> dataDirPath = Optional.ofNullable(config.dataDir());
        Optional<DataDir> dataDir = Optional.empty();
        if (dataDirPath.isPresent()) {
            DataDir dir = DataDir.open(dataDirPath.get());
            started.push(dir::close);
            dataDir = Optional.of(dir);
            nodeId = dir.nodeId(config.nodeId(), !config.disableHostNodeId());
        } else {
            nodeId = config.nodeId() != null ? DataDir.validateNodeId(config.nodeId(), "-node-id") : UUID.randomUUID().toString();
        }
        if (config.pidFile() != null) {
            PidFile pid = PidFile.write(config.pidFile());
            started.push(pid::close);
        }
        advertise = AdvertiseAddress.resolve(config.advertiseAddr(), config.bindAddr());
        servers = new ServerDirectory(config.datacenter());

        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemonThreads("muster-timer"));
        timers.setRemoveOnCancelPolicy(true);
        started.push(timers::shutdownNow);
        // Probes that must block (process waits, file-store queries) get a bounded pool; the queue absorbs bursts.
        ThreadPoolExecutor blocking = new ThreadPoolExecutor(4, 16, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4096), daemonThreads("muster-blocking"));
        started.push(blocking::shutdownNow);

        plugins = PluginHost.start(pluginsDir);
        started.push(plugins::close);
        Map<String, String> selection = config.pluginSelection();

        String rpcAddress = advertise + ":" + config.ports().server();
        Clock clock = Clock.systemUTC();
        StateStore store = plugins.exclusive(StateStore.class, "state_store", selection)
                .orElseGet(() -> new MemoryStateStore(clock));
        Optional<Transport> transport = plugins.exclusive(Transport.class, "transport", selection);
        // A client agent with a transport forwards every data call to the servers; its private log and store then
        // only back what stays local (the gossip keyring), and it runs no leader duties.
        boolean forwarding = !config.server() && transport.isPresent();
        Consensus consensus = chooseConsensus(plugins.exclusive(Consensus.class, "consensus", selection),
                selection.containsKey("consensus"), transport);
        DataPlane data = new DataPlane(store, consensus, timers,
                new NodeIdentity(config.nodeName(), nodeId, config.datacenter(), rpcAddress), config.kvMaxValueSize(), clock);
        startConsensus(consensus, data.stateMachine(), loaded, rpcAddress, dataDirPath);

        membership = plugins.exclusive(Membership.class, "membership", selection);
        AutopilotConfig autopilotDefaults = Autopilot.configured(loaded.tree());
        DataApis dataApis = dataApis(data, consensus, transport, forwarding, timers, clock, autopilotDefaults);
        cluster = new ClusterView(loaded, nodeId, advertise, plugins::plugins, consensus, membership, logs,
                () -> leaveHook.run(), () -> servers.rpcAddresses());
        List<CheckType> checkTypes = plugins.additive(CheckType.class, "check", selection, CheckType::name);
        LocalAgentSettings settings = new LocalAgentSettings(config.nodeName(), nodeId, config.datacenter(), advertise,
                config.nodeMeta(), Map.of("lan", advertise, "lan_ipv4", advertise, "wan", advertise, "wan_ipv4", advertise),
                dataDirPath, config.enableScriptChecks(), config.enableLocalScriptChecks(), config.checkUpdateInterval());
        Endpoints[] endpoints = new Endpoints[1];
        LocalAgent agent = LocalAgent.create(settings, checkTypes, () -> endpoints[0], cluster, timers, blocking, clock);
        cluster.attach(agent);
        events = new EventEndpoint(config.nodeName(), () -> agent.services().values(), membership, timers);
        // Remote exec reads and writes its job keys where every other KV call goes (a client: the servers).
        events.onRemoteExec(RemoteExecHandler.forAgent(loaded.tree(), config.nodeName(), dataApis.kv()));
        endpoints[0] = new KernelEndpoints(dataApis.kv(), dataApis.catalog(), dataApis.health(), dataApis.session(),
                dataApis.txn(), dataApis.status(), agent, events, dataApis.coordinate(), dataApis.operator(),
                dataApis.preparedQuery(), dataApis.snapshot(), dataApis.configEntry());
        // A single-node log leads from the start; a replicated one tells the data plane as leadership moves, and a
        // new leader reconciles the members it knows into the catalog. A forwarding client leads nothing.
        if (!forwarding) {
            consensus.addLeadershipListener((leader, address) -> {
                if (leader) {
                    log.info("this server is now the leader");
                    data.onLeadershipGained();
                    reconcileMembers(data);
                } else {
                    data.onLeadershipLost();
                }
            });
        }
        if (consensus.isLeader() && !forwarding) {
            data.onLeadershipGained();
            reconcileMembers(data);
        }

        List<String> configErrors = agent.applyConfig(ClusterView.sourced(config.services()),
                ClusterView.sourced(config.checks()));
        if (!configErrors.isEmpty()) {
            throw new StartupException("invalid service or check definitions:\n  " + String.join("\n  ", configErrors),
                    null);
        }
        agent.start();
        started.push(agent::stop);

        if (membership.isPresent()) {
            startMembership(membership.get(), loaded, data, consensus, dataDirPath, timers, forwarding,
                    autopilotDefaults);
            started.push(CoordinateSync.start(loaded.tree(), membership.get(), endpoints[0].coordinate(), timers)::stop);
            // Events that arrived before this server led were not applied: go over the whole pool once.
            if (consensus.isLeader() && !forwarding) {
                reconcileMembers(data);
            }
        }

        AgentContext context = new Context(loaded, endpoints[0], dataDirPath, plugins.extensions(WebAssets.class),
                timers, logs);
        for (Frontend frontend : plugins.additive(Frontend.class, "frontend", selection, Frontend::name)) {
            String plugin = plugins.pluginIdOf(frontend);
            try {
                withPluginLoader(frontend, () -> frontend.start(context));
            } catch (Exception e) {
                throw new StartupException("frontend " + frontend.name() + " (plugin " + plugin + ") failed to start: "
                        + e.getMessage(), e);
            }
            started.push(frontend::stop);
            log.info("frontend {} started (plugin {})", frontend.name(), plugin);
        }
        log.info("agent started: node {} ({}) in {} at {}, server={}", config.nodeName(), nodeId, config.datacenter(),
                advertise, config.server());
    }

    private void startConsensus(Consensus consensus, StateMachine stateMachine, LoadedConfig loaded, String rpcAddress,
                                Optional<Path> dataDir) throws StartupException {
        ConsensusContext ctx = new KernelConsensusContext(stateMachine, loaded.tree(), config.nodeName(), nodeId,
                rpcAddress, dataDir);
        try {
            withPluginLoader(consensus, () -> consensus.start(ctx));
        } catch (Exception e) {
            throw new StartupException("consensus " + consensus.name() + " failed to start: " + e.getMessage(), e);
        }
        started.push(consensus::stop);
    }

    /**
     * Brings the catalog in line with the gossip pool, as Consul's leader does on taking office: this agent
     * always, every member as its status says. Idempotent: unchanged registrations do not move indexes.
     */
    private void reconcileMembers(DataPlane data) {
        data.onMemberEvent(new MemberEvent(MemberEvent.Type.JOIN, cluster.localMember()));
        for (io.muster.spi.model.Member m : cluster.members(false)) {
            MemberEvent.Type type = switch (m.status()) {
                case FAILED -> MemberEvent.Type.FAIL;
                case LEFT -> MemberEvent.Type.LEAVE;
                default -> MemberEvent.Type.JOIN;
            };
            data.onMemberEvent(new MemberEvent(type, m));
        }
    }

    /**
     * The replicated log serves servers. {@code -dev} keeps the in-memory single-node log (instant start) unless
     * {@code plugins.consensus} asks for a plugin explicitly. Client agents keep the single-node log too: with a
     * transport it only backs what stays local, without one the client answers from its own state.
     */
    private Consensus chooseConsensus(Optional<Consensus> plugin, boolean explicitlySelected,
                                      Optional<Transport> transport) {
        if (plugin.isPresent() && config.server() && (!config.dev() || explicitlySelected)) {
            return plugin.get();
        }
        if (!config.server() && transport.isEmpty()) {
            log.warn("client agent: no RPC transport plugin is loaded, so this agent answers from its own state "
                    + "instead of forwarding to the servers");
        }
        return new LocalConsensus();
    }

    /**
     * The data endpoint groups as frontends and the local agent see them. A client with a transport forwards them
     * to a server of its datacenter; a server with a transport routes default and consistent reads to the leader
     * and serves forwarded calls on {@code ports.server}; without a transport every call is answered here.
     */
    private DataApis dataApis(DataPlane data, Consensus consensus, Optional<Transport> transport, boolean forwarding,
                              ScheduledExecutorService timers, Clock clock, AutopilotConfig autopilot) throws StartupException {
        DataApis local = new DataApis(data.kv(), data.catalog(), data.health(), data.session(), data.txn(),
                data.status(), data.coordinate(), data.operator(membership, Version.CONSUL_COMPAT,
                        autopilot),
                data.preparedQuery(), data.snapshot(), data.configEntry());
        EndpointCodec codec = new EndpointCodec();
        if (transport.isEmpty()) {
            // everything is answered here, but never for another datacenter (there is no route to one)
            return local.through(codec, DatacenterGuard.onlyIn(config.datacenter(),
                    new ServerRouter(local, consensus, Optional.empty()).frontendTarget()));
        }
        Transport rpc = transport.get();
        String plugin = plugins.pluginIdOf(rpc);
        Delays delays = Delays.on(timers);
        if (forwarding) {
            started.push(rpc::stop);
            ServerList serverList = new ServerList(servers::rpcAddresses, clock, new Random());
            log.info("client agent: forwarding reads and writes to the servers through transport {} (plugin {})",
                    rpc.name(), plugin);
            return local.through(codec, DatacenterGuard.onlyIn(config.datacenter(), AgentNear.resolving(
                    config.nodeName(), new Forwarder(codec, rpc, serverList, false, delays, clock))));
        }
        ServerRouter router = new ServerRouter(local, consensus,
                Optional.of(new Forwarder(codec, rpc, new LeaderTarget(consensus), true, delays, clock)));
        RpcService service = new RpcService(codec, router);
        try {
            withPluginLoader(rpc, () -> rpc.start(config.bindAddr(), config.ports().server(), service));
        } catch (Exception e) {
            throw new StartupException("transport " + rpc.name() + " (plugin " + plugin + ") failed to start on "
                    + config.bindAddr() + ":" + config.ports().server() + ": " + e.getMessage(), e);
        }
        started.push(rpc::stop);
        log.info("transport {} (plugin {}) serving forwarded calls on {}:{}", rpc.name(), plugin, config.bindAddr(),
                config.ports().server());
        return local.through(codec, DatacenterGuard.onlyIn(config.datacenter(), router.frontendTarget()));
    }

    private void startMembership(Membership gossip, LoadedConfig loaded, DataPlane data, Consensus consensus,
                                 Optional<Path> dataDir, ScheduledExecutorService timers, boolean forwarding,
                                 AutopilotConfig autopilotDefaults)
            throws StartupException {
        // A forwarding client learns its servers in the directory; its private log has no voters to add.
        Optional<ServerTracker> serverTracker = forwarding ? Optional.empty()
                : Optional.of(new ServerTracker(consensus, config.datacenter()));
        MembershipListener listener = new MembershipListener() {
            @Override
            public void onMemberEvent(MemberEvent event) {
                serverTracker.ifPresent(t -> t.onMemberEvent(event));
                servers.onMemberEvent(event);
                log.info("member {}: {} ({})", event.type().name().toLowerCase(java.util.Locale.ROOT),
                        event.member().name(), event.member().address());
                // Only the leader turns membership into catalog state, as Consul's leader does.
                if (consensus.isLeader() && !forwarding) {
                    data.onMemberEvent(event);
                }
            }

            @Override
            public void onUserEvent(UserEvent event) {
                log.info("user event: {}", event.name());
                events.receive(event);
            }
        };
        Map<String, String> tags = cluster.localMember().tags();
        MembershipContext ctx = new KernelMembershipContext(loaded.tree(), config.nodeName(), tags, listener, dataDir);
        try {
            withPluginLoader(gossip, () -> gossip.start(ctx));
        } catch (Exception e) {
            throw new StartupException("membership " + gossip.name() + " failed to start: " + e.getMessage(), e);
        }
        started.push(gossip::stop);
        servers.addAll(gossip.members(false));
        try {
            GossipJoin.startJoin(gossip, config.startJoin(), false);
            GossipJoin.startJoin(gossip, config.startJoinWan(), true);
        } catch (Exception e) {
            throw new StartupException(e.getMessage(), e);
        }
        if (!forwarding) {
            Autopilot autopilot = new Autopilot(consensus, gossip, config.datacenter(), config.nodeName(),
                    () -> data.store().autopilotConfig().value().orElse(autopilotDefaults), Clock.systemUTC());
            long every = Autopilot.INTERVAL.toMillis();
            ScheduledFuture<?> rounds = timers.scheduleWithFixedDelay(autopilot::tick, every, every,
                    TimeUnit.MILLISECONDS);
            started.push(() -> rounds.cancel(false));
        }
        GossipJoin.retryJoin(gossip, config, timers, message -> {
            log.error("{}", message);
            fatalHook.run();
        });
    }

    /** Plugins' Jackson and class-by-name lookups resolve against the thread's context class loader. */
    private static void withPluginLoader(Object extension, Stoppable action) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(extension.getClass().getClassLoader());
        try {
            action.stop();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public AgentConfig config() {
        return config;
    }

    public String nodeId() {
        return nodeId;
    }

    public String advertiseAddress() {
        return advertise;
    }

    public String pluginSummary() {
        return plugins.plugins().stream().map(p -> p.id() + " " + p.version()).toList().toString();
    }

    /** Called by {@code /v1/agent/leave}: the agent leaves gracefully and exits. */
    public void onLeaveRequested(Runnable hook) {
        this.leaveHook = hook;
    }

    /** Called when the agent cannot go on (retry_join exhausted): it stops and exits with status 1, as Consul. */
    public void onFatalError(Runnable hook) {
        this.fatalHook = hook;
    }

    /** True for the first caller only; later signals during a shutdown are ignored. */
    public boolean beginShutdown() {
        return shuttingDown.compareAndSet(false, true);
    }

    public void reloadAsync() {
        log.info("caught SIGHUP, reloading configuration");
        Thread t = new Thread(() -> cluster.reload().whenComplete((warnings, error) -> {
            if (error != null) {
                log.error("reload failed, the previous configuration stays in effect: {}", error.getMessage());
            }
        }), "reload");
        t.start();
    }

    /** Graceful leave (when asked), then stops everything in reverse start order. */
    public void shutdown(boolean leave) {
        log.info("shutting down (graceful leave: {})", leave && membership.isPresent());
        if (leave && membership.isPresent()) {
            try {
                membership.get().leave().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("graceful leave did not complete: {}", e.toString());
            }
        }
        stopAll();
    }

    private void stopAll() {
        while (!started.isEmpty()) {
            Stoppable s = started.pop();
            try {
                s.stop();
            } catch (Exception e) {
                log.warn("error while stopping: {}", e.toString());
            }
        }
    }

    private record KernelConsensusContext(StateMachine stateMachine, ConfigView config, String nodeName, String nodeId,
                                          String rpcAddress, Optional<Path> dataDir) implements ConsensusContext {
    }

    private record KernelMembershipContext(ConfigView config, String nodeName, Map<String, String> tags,
                                           MembershipListener listener, Optional<Path> dataDir)
            implements MembershipContext {
    }

    private record Context(LoadedConfig loaded, Endpoints endpoints, Optional<Path> dataDir, List<WebAssets> webAssets,
                           ScheduledExecutorService scheduler, LogStream logs) implements AgentContext {
        @Override
        public ConfigView config() {
            return loaded.tree();
        }

        @Override
        public String nodeName() {
            return loaded.config().nodeName();
        }

        @Override
        public String datacenter() {
            return loaded.config().datacenter();
        }
    }
}
