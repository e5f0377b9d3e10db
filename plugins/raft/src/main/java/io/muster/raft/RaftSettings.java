package io.muster.raft;

import io.muster.spi.ConfigView;
import io.muster.spi.consensus.ConsensusContext;
import io.muster.spi.consensus.ConsensusServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The raft plugin's configuration, read once at start.
 * <ul>
 *   <li>{@code ports.raft} (default {@value #DEFAULT_RAFT_PORT}): TCP port of the JGroups channel, on the host of
 *       this server's RPC (advertise) address. Consul has no such port (its raft runs inside the 8300 RPC
 *       multiplexer); 8305 sits next to Consul's 8300-8302. FD_SOCK2 also listens on this port + 100.</li>
 *   <li>{@code raft.servers}: known servers as {@code "name=host:raftPort"} or
 *       {@code "name=host:raftPort/host:rpcPort"} (RPC defaults to host:{@code ports.server}); the kernel adds
 *       servers it learns of through gossip.</li>
 *   <li>{@code raft.apply_timeout} (10s): how long apply() and readBarrier() wait for a result.</li>
 *   <li>{@code raft.snapshot_threshold} (8 MB): log bytes after which a snapshot compacts the log (or twice the
 *       state's size, when that is more).</li>
 *   <li>{@code raft.resend_interval} (100ms): how often the leader resends entries and commit indexes.</li>
 *   <li>{@code bootstrap}, {@code bootstrap_expect}: Consul's flags, see {@link BootstrapPlan}.</li>
 * </ul>
 */
record RaftSettings(String nodeName, String bindHost, int raftPort, String rpcAddress, Optional<Path> raftDir,
                    boolean bootstrap, int bootstrapExpect, Duration applyTimeout, long snapshotThreshold,
                    Duration resendInterval, String clusterName, List<ConsensusServer> servers) {
    static final int DEFAULT_RAFT_PORT = 8305;
    static final int DEFAULT_SERVER_PORT = 8300;
    static final long DEFAULT_SNAPSHOT_THRESHOLD = 8L * 1024 * 1024;

    static RaftSettings from(ConsensusContext ctx) {
        ConfigView c = ctx.config();
        String rpc = ctx.rpcAddress();
        String host = hostOf(rpc, "the RPC address handed to the raft plugin");
        int raftPort = (int) c.number("ports.raft", DEFAULT_RAFT_PORT);
        if (raftPort <= 0 || raftPort > 65535) {
            throw new IllegalArgumentException("config key ports.raft: expected a port 1-65535, got " + raftPort);
        }
        int serverPort = (int) c.number("ports.server", DEFAULT_SERVER_PORT);
        Duration applyTimeout = c.duration("raft.apply_timeout", Duration.ofSeconds(10));
        if (applyTimeout.isNegative() || applyTimeout.isZero()) {
            throw new IllegalArgumentException("config key raft.apply_timeout: expected a positive duration such as"
                    + " \"10s\", got " + applyTimeout);
        }
        long threshold = c.number("raft.snapshot_threshold", DEFAULT_SNAPSHOT_THRESHOLD);
        if (threshold < 1024) {
            throw new IllegalArgumentException("config key raft.snapshot_threshold: expected at least 1024 bytes,"
                    + " got " + threshold);
        }
        Duration resend = c.duration("raft.resend_interval", Duration.ofMillis(100));
        List<ConsensusServer> servers = new ArrayList<>(ctx.initialServers());
        for (String s : c.strings("raft.servers")) {
            servers.add(parseServer(s, serverPort));
        }
        servers.removeIf(s -> s.id().equals(ctx.nodeName()));
        servers.add(new ConsensusServer(ctx.nodeName(), host + ":" + raftPort, rpc));
        return new RaftSettings(ctx.nodeName(), host, raftPort, rpc, ctx.dataDir().map(d -> d.resolve("raft")),
                c.bool("bootstrap", false), (int) c.number("bootstrap_expect", 0), applyTimeout, threshold,
                resend, "muster-raft-" + c.string("datacenter", "dc1"), List.copyOf(servers));
    }

    /** {@code name=host:raftPort[/host:rpcPort]}. */
    static ConsensusServer parseServer(String spec, int defaultServerPort) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("config key raft.servers: \"" + spec + "\" is not"
                    + " name=host:raftPort or name=host:raftPort/host:rpcPort");
        }
        String name = spec.substring(0, eq).trim();
        String rest = spec.substring(eq + 1).trim();
        int slash = rest.indexOf('/');
        String raft = slash < 0 ? rest : rest.substring(0, slash);
        checkHostPort(raft, spec);
        String rpc = slash < 0 ? hostOf(raft, spec) + ":" + defaultServerPort : rest.substring(slash + 1);
        checkHostPort(rpc, spec);
        return new ConsensusServer(name, raft, rpc);
    }

    static String hostOf(String hostPort, String where) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(where + ": \"" + hostPort + "\" is not host:port");
        }
        String host = hostPort.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static int portOf(String hostPort, String where) {
        try {
            int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            if (port <= 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": \"" + hostPort + "\" has no valid port (1-65535)");
        }
    }

    private static void checkHostPort(String hostPort, String spec) {
        String where = "config key raft.servers entry \"" + spec + "\"";
        hostOf(hostPort, where);
        portOf(hostPort, where);
    }
}
