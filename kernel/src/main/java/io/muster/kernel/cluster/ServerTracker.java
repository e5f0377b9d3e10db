package io.muster.kernel.cluster;

import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.ConsensusServer;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.model.Member;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Servers learn each other through gossip, not static lists: every member tagged {@code role=consul} in this
 * datacenter is a consensus server at {@code address:raft_port} with RPC at {@code address:port}. The set is handed
 * to the consensus plugin on every change (it uses it for {@code bootstrap_expect} and to reach its peers); which of
 * them vote is {@link Autopilot}'s business.
 */
public final class ServerTracker {
    private final Consensus consensus;
    private final String datacenter;
    private final Map<String, ConsensusServer> servers = new ConcurrentHashMap<>();

    public ServerTracker(Consensus consensus, String datacenter) {
        this.consensus = consensus;
        this.datacenter = datacenter;
    }

    /** The consensus server a gossip member is, if it is a server of {@code datacenter}. */
    static Optional<ConsensusServer> serverOf(Member m, String datacenter) {
        Map<String, String> tags = m.tags();
        if (!"consul".equals(tags.get("role")) || !datacenter.equals(tags.get("dc"))) {
            return Optional.empty();
        }
        String raftPort = tags.getOrDefault(LocalMember.RAFT_PORT_TAG, Integer.toString(LocalMember.DEFAULT_RAFT_PORT));
        return Optional.of(new ConsensusServer(m.name(), m.address() + ":" + raftPort,
                m.address() + ":" + tags.getOrDefault("port", "8300")));
    }

    /** Called on the membership thread: must not block. */
    public void onMemberEvent(MemberEvent event) {
        Optional<ConsensusServer> server = serverOf(event.member(), datacenter);
        if (server.isEmpty()) {
            return;
        }
        boolean changed = switch (event.type()) {
            case JOIN, UPDATE -> !server.get().equals(servers.put(server.get().id(), server.get()));
            case REAP -> servers.remove(server.get().id()) != null;
            default -> false;
        };
        if (changed) {
            consensus.serversChanged(List.copyOf(servers.values()));
        }
    }
}
