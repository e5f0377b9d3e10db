package io.muster.spi.consensus;

import java.util.Objects;

/**
 * A server that takes part (or may take part) in consensus: its node name (the raft id), the {@code ip:port} its
 * consensus transport listens on, and the {@code ip:port} of its RPC endpoint (what {@code /v1/status/leader}
 * reports).
 */
public record ConsensusServer(String id, String consensusAddress, String rpcAddress) {
    public ConsensusServer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(consensusAddress, "consensusAddress");
        Objects.requireNonNull(rpcAddress, "rpcAddress");
    }
}
