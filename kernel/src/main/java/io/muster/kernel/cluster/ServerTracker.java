package io.muster.kernel.cluster;

import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.ConsensusServer;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.model.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Servers learn each other through gossip, not static lists: every alive member tagged {@code role=consul} in
 * this datacenter is a consensus server at {@code address:raft_port} with RPC at {@code address:port}. The set is
 * handed to the consensus plugin on every change (which uses it for {@code bootstrap_expect}); the leader adds
 * servers it does not have as voters, as Consul's autopilot does.
 */
public final class ServerTracker {
    private static final Logger log = LoggerFactory.getLogger("agent.servers");

    private final Consensus consensus;
    private final String datacenter;
    private final Map<String, ConsensusServer> servers = new ConcurrentHashMap<>();

    public ServerTracker(Consensus consensus, String datacenter) {
        this.consensus = consensus;
        this.datacenter = datacenter;
    }

    /** Called on the membership thread: must not block. */
    public void onMemberEvent(MemberEvent event) {
        Member m = event.member();
        Map<String, String> tags = m.tags();
        if (!"consul".equals(tags.get("role")) || !datacenter.equals(tags.get("dc"))) {
            return;
        }
        boolean changed;
        switch (event.type()) {
            case JOIN, UPDATE -> {
                String raftPort = tags.getOrDefault(LocalMember.RAFT_PORT_TAG, Integer.toString(LocalMember.DEFAULT_RAFT_PORT));
                ConsensusServer server = new ConsensusServer(m.name(), m.address() + ":" + raftPort,
                        m.address() + ":" + tags.getOrDefault("port", "8300"));
                changed = !server.equals(servers.put(m.name(), server));
                // also when unchanged: a server removed from the configuration (remove-peer) that comes back
                if ((changed || event.type() == MemberEvent.Type.JOIN) && consensus.isLeader()
                        && !consensus.servers().contains(server.rpcAddress())) {
                    addVoter(server);
                }
            }
            case REAP -> changed = servers.remove(m.name()) != null;
            default -> changed = false;
        }
        if (changed) {
            consensus.serversChanged(List.copyOf(new ArrayList<>(servers.values())));
        }
    }

    private final java.util.Set<String> adding = ConcurrentHashMap.newKeySet();

    private void addVoter(ConsensusServer server) {
        if (!adding.add(server.id())) {
            return; // already on its way in
        }
        try {
            consensus.addVoter(server.id(), server.consensusAddress()).whenComplete((v, e) -> {
                        adding.remove(server.id());
                        if (e != null) {
                            log.warn("could not add server {} ({}) as a voter: {}", server.id(), server.consensusAddress(),
                                    e.getMessage());
                        } else {
                            log.info("added server {} ({}) as a voter", server.id(), server.consensusAddress());
                        }
                    });
        } catch (UnsupportedOperationException e) {
            adding.remove(server.id());
            log.warn("server {} ({}) joined, but consensus {} cannot add voters: it stays outside the cluster's log",
                    server.id(), server.consensusAddress(), consensus.name());
        }
    }

    /** The servers known so far (for reconciliation after a leadership change). */
    public List<ConsensusServer> known() {
        return List.copyOf(servers.values());
    }
}
