package io.muster.spi.consensus;

import io.muster.spi.ConfigView;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the kernel hands a consensus provider at start. */
public interface ConsensusContext {
    StateMachine stateMachine();

    ConfigView config();

    String nodeName();

    String nodeId();

    /** This server's RPC address, {@code ip:port}, which {@code /v1/status/leader} reports. */
    String rpcAddress();

    /** Where to keep the log and snapshots; empty for in-memory dev agents. */
    Optional<Path> dataDir();

    /** Servers known at start (from config or an earlier run's gossip); may be empty. */
    default List<ConsensusServer> initialServers() {
        return List.of();
    }
}
