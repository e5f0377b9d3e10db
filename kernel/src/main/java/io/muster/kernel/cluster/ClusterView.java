package io.muster.kernel.cluster;

import io.muster.kernel.Version;
import io.muster.kernel.agent.AgentCluster;
import io.muster.kernel.agent.ConfigSourced;
import io.muster.kernel.agent.LocalAgent;
import io.muster.kernel.config.AgentConfig;
import io.muster.kernel.config.ConfigException;
import io.muster.kernel.config.ConfigLoader;
import io.muster.kernel.config.LoadedConfig;
import io.muster.kernel.config.RawDefinition;
import io.muster.kernel.log.LogBroadcaster;
import io.muster.spi.api.AgentSelf;
import io.muster.spi.api.ApiException;
import io.muster.spi.consensus.Consensus;
import io.muster.spi.membership.Membership;
import io.muster.spi.model.Member;
import io.muster.spi.model.PluginInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The cluster-level half of the local agent: identity ({@code /v1/agent/self}), members, join/leave, and
 * reload. With a {@link Membership} plugin, membership questions go to it; without one the agent is a cluster
 * of one and says so when asked to join.
 */
public final class ClusterView implements AgentCluster {
    private static final Logger log = LoggerFactory.getLogger("agent");
    /** Top-level keys a reload applies; a change to any other key needs a restart (as Consul's reload says). */
    private static final Set<String> RELOADABLE = Set.of("services", "service", "checks", "check", "watches",
            "log_level", "node_meta", "http_config", "dns_config", "ui_config", "limits", "telemetry",
            "check_update_interval", "discard_check_output", "rpc", "acl", "recursors");

    private final String nodeId;
    private final String advertise;
    private final Supplier<List<PluginInfo>> plugins;
    private final Consensus consensus;
    private final Optional<Membership> membership;
    private final LogBroadcaster logs;
    private final Runnable leaveAndStop;
    private volatile LoadedConfig loaded;
    private volatile LocalAgent agent;

    private final Supplier<List<String>> knownServers;

    public ClusterView(LoadedConfig loaded, String nodeId, String advertise, Supplier<List<PluginInfo>> plugins,
                       Consensus consensus, Optional<Membership> membership, LogBroadcaster logs, Runnable leaveAndStop,
                       Supplier<List<String>> knownServers) {
        this.loaded = loaded;
        this.knownServers = knownServers;
        this.nodeId = nodeId;
        this.advertise = advertise;
        this.plugins = plugins;
        this.consensus = consensus;
        this.membership = membership;
        this.logs = logs;
        this.leaveAndStop = leaveAndStop;
    }

    /** The local agent is created after this view (it needs it); the runtime connects them once. */
    public void attach(LocalAgent localAgent) {
        this.agent = Objects.requireNonNull(localAgent);
    }

    public AgentConfig config() {
        return loaded.config();
    }

    public Member localMember() {
        return LocalMember.of(config(), nodeId, advertise,
                (int) loaded.tree().number("ports.raft", LocalMember.DEFAULT_RAFT_PORT));
    }

    @Override
    public AgentSelf self() {
        AgentConfig c = config();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("Datacenter", c.datacenter());
        cfg.put("PrimaryDatacenter", c.primaryDatacenter() == null ? c.datacenter() : c.primaryDatacenter());
        cfg.put("NodeName", c.nodeName());
        cfg.put("NodeID", nodeId);
        cfg.put("Revision", "muster-" + Version.MUSTER);
        cfg.put("Server", c.server());
        cfg.put("Version", Version.CONSUL_COMPAT);
        cfg.put("BuildDate", "");
        Map<String, Object> debug = new LinkedHashMap<>();
        debug.put("Datacenter", c.datacenter());
        debug.put("NodeName", c.nodeName());
        debug.put("NodeID", nodeId);
        debug.put("DataDir", c.dataDir() == null ? "" : c.dataDir().toString());
        debug.put("ServerMode", c.server());
        debug.put("Bootstrap", c.bootstrap());
        debug.put("BootstrapExpect", c.bootstrapExpect());
        debug.put("DevMode", c.dev());
        debug.put("BindAddr", c.bindAddr());
        debug.put("AdvertiseAddrLAN", advertise);
        debug.put("ClientAddrs", c.clientAddrs());
        debug.put("HTTPPort", c.ports().http());
        debug.put("HTTPSPort", c.ports().https());
        debug.put("DNSPort", c.ports().dns());
        debug.put("ServerPort", c.ports().server());
        debug.put("SerfPortLAN", c.ports().serfLan());
        debug.put("SerfPortWAN", c.ports().serfWan());
        debug.put("DNSDomain", c.domain());
        debug.put("DNSRecursors", c.recursors());
        debug.put("EnableScriptChecks", c.enableScriptChecks());
        debug.put("EnableLocalScriptChecks", c.enableLocalScriptChecks());
        debug.put("LogLevel", c.logLevel());
        debug.put("RetryJoinLAN", c.retryJoin());
        debug.put("StartJoinAddrsLAN", c.startJoin());
        debug.put("UIConfig", Map.of("Enabled", c.uiEnabled(), "Dir", c.uiDir() == null ? "" : c.uiDir().toString()));
        debug.put("NodeMeta", c.nodeMeta());
        debug.put("Version", Version.CONSUL_COMPAT);

        Map<String, Map<String, String>> stats = new LinkedHashMap<>();
        LocalAgent a = agent;
        stats.put("agent", Map.of("checks", Integer.toString(a == null ? 0 : a.checks().size()),
                "services", Integer.toString(a == null ? 0 : a.services().size()),
                "check_monitors", "0", "check_ttls", "0"));
        // As Consul: a server reports its raft view; a client only how many servers it can forward to.
        stats.put("consul", c.server()
                ? Map.of("server", "true", "leader", Boolean.toString(consensus.isLeader()),
                        "leader_addr", consensus.leader().orElse(""),
                        "known_datacenters", "1", "bootstrap", Boolean.toString(c.bootstrap() || c.dev()))
                : Map.of("server", "false", "known_servers", Integer.toString(knownServers.get().size())));
        Runtime rt = Runtime.getRuntime();
        stats.put("runtime", Map.of("arch", System.getProperty("os.arch"), "os", System.getProperty("os.name").toLowerCase(),
                "cpu_count", Integer.toString(rt.availableProcessors()), "version", "java " + Runtime.version(),
                "max_procs", Integer.toString(rt.availableProcessors()),
                "goroutines", Integer.toString(Thread.activeCount())));
        stats.put("build", Map.of("version", Version.CONSUL_COMPAT, "revision", "muster-" + Version.MUSTER, "prerelease", ""));
        return new AgentSelf(cfg, debug, localMember(), c.nodeMeta(), stats, plugins.get());
    }

    @Override
    public List<Member> members(boolean wan) {
        if (membership.isPresent()) {
            return membership.get().members(wan);
        }
        if (wan && !config().server()) {
            return List.of();
        }
        Member self = localMember();
        if (wan) {
            self = new Member(self.name() + "." + config().datacenter(), self.address(), config().ports().serfWan(),
                    self.tags(), self.status(), self.protocolMin(), self.protocolMax(), self.protocolCur());
        }
        return List.of(self);
    }

    @Override
    public CompletionStage<Integer> join(List<String> addresses, boolean wan) {
        if (membership.isEmpty()) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL,
                    "cannot join " + addresses + ": this agent has no gossip membership plugin (plugins/gossip-swim); "
                            + "it runs as a cluster of one"));
        }
        return membership.get().join(addresses, wan);
    }

    @Override
    public CompletionStage<Void> leave() {
        // Consul's /v1/agent/leave leaves the cluster and shuts the agent down; answer first, then stop.
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            done.complete(null);
            leaveAndStop.run();
        }, "leave");
        t.start();
        return done;
    }

    @Override
    public CompletionStage<Void> forceLeave(String node, boolean prune) {
        if (membership.isEmpty()) {
            return CompletableFuture.failedFuture(ApiException.notFound("agent: No node found with name '" + node + "'"));
        }
        return membership.get().forceLeave(node, prune);
    }

    @Override
    public CompletionStage<List<String>> reload() {
        LoadedConfig next;
        try {
            next = ConfigLoader.load(loaded.args());
        } catch (ConfigException e) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL,
                    "Failed to reload configs: " + e.getMessage()));
        }
        List<String> warnings = new ArrayList<>(next.warnings());
        Map<String, Object> before = loaded.tree().root();
        Map<String, Object> after = next.tree().root();
        Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!RELOADABLE.contains(key) && !Objects.equals(before.get(key), after.get(key))) {
                warnings.add("config key " + key + " changed; it takes effect after a restart");
            }
        }
        if (!Objects.equals(loaded.config().logLevel(), next.config().logLevel())) {
            logs.setConfiguredLevel(next.config().logLevel());
        }
        this.loaded = next;
        warnings.addAll(agent.applyConfig(sourced(next.config().services()), sourced(next.config().checks())));
        warnings.forEach(w -> log.warn("reload: {}", w));
        log.info("configuration reloaded");
        return CompletableFuture.completedFuture(List.copyOf(warnings));
    }

    public static List<ConfigSourced> sourced(List<RawDefinition> raw) {
        return raw.stream().map(r -> new ConfigSourced(r.source(), r.body())).toList();
    }
}
