package io.muster.spi.consensus;

import java.util.Optional;

/** Told when this server gains or loses leadership, or learns of another leader. */
@FunctionalInterface
public interface LeadershipListener {
    /**
     * @param isLeader whether this server leads now
     * @param leaderRpcAddress the leader's RPC address ({@code ip:port}), empty while there is none
     */
    void leadershipChanged(boolean isLeader, Optional<String> leaderRpcAddress);
}
