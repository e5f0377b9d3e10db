package io.muster.raft;

import io.muster.spi.consensus.ConsensusServer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Raft id (node name) to the server's consensus and RPC addresses; fed by config and by the kernel's gossip. */
final class MemberTable {
    private final Map<String, ConsensusServer> byId = new ConcurrentHashMap<>();

    /** Adds or replaces; returns true when something changed. */
    boolean put(ConsensusServer s) {
        return !s.equals(byId.put(s.id(), s));
    }

    boolean putAll(Collection<ConsensusServer> servers) {
        boolean changed = false;
        for (ConsensusServer s : servers) {
            changed |= put(s);
        }
        return changed;
    }

    Optional<ConsensusServer> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The RPC address of {@code id}, or the id itself when its address is not known yet. */
    String rpcAddressOf(String id) {
        ConsensusServer s = byId.get(id);
        return s == null ? id : s.rpcAddress();
    }

    List<ConsensusServer> all() {
        return List.copyOf(byId.values());
    }

    List<String> ids() {
        return byId.keySet().stream().sorted().toList();
    }
}
