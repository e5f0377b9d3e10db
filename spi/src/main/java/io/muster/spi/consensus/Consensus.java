package io.muster.spi.consensus;

import org.pf4j.ExtensionPoint;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Replicates the kernel's commands. Without a Consensus plugin the kernel applies commands itself on a single
 * node (valid for {@code -dev} and one-server clusters).
 */
public interface Consensus extends ExtensionPoint {
    /** Short name for logs and {@code plugins.consensus} selection. */
    String name();

    void start(ConsensusContext context) throws Exception;

    /**
     * Proposes a command; completes with {@link StateMachine#apply}'s result once committed and applied locally,
     * or fails (not leader, timeout) with an exception whose message says what to do.
     */
    CompletionStage<Object> apply(byte[] command);

    boolean isLeader();

    /** The leader's RPC address ({@code ip:port}), if one is known. */
    Optional<String> leader();

    /** RPC addresses of the voting servers. */
    List<String> servers();

    /**
     * The voting servers with their ids (what {@link #removeVoter} takes), in the order of {@link #servers()}. A
     * consensus that names servers only by address uses the address as id.
     */
    default List<ConsensusServer> voters() {
        return servers().stream().map(address -> new ConsensusServer(address, address, address)).toList();
    }

    /** Completes once this node has confirmed with a quorum that it still leads (for consistent reads). */
    CompletionStage<Void> readBarrier();

    /** Milliseconds since this node last heard from the leader (0 on the leader). */
    long lastContactMillis();

    void stop();

    /**
     * Adds a voting server (Consul's autopilot / {@code raft add-peer}); {@code address} is its consensus address
     * ({@code ip:port}). Completes once the configuration change is committed.
     */
    default CompletionStage<Void> addVoter(String id, String address) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                name() + " consensus cannot add voters: the server set is fixed"));
    }

    /** Removes a voting server ({@code operator raft remove-peer}). Completes once the change is committed. */
    default CompletionStage<Void> removeVoter(String id) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                name() + " consensus cannot remove voters: the server set is fixed"));
    }

    /** The kernel feeds the servers it learns of (gossip); used to find peers and map ids to RPC addresses. */
    default void serversChanged(List<ConsensusServer> known) {
    }

    /**
     * Per voting server id, the leader's view of its replication (autopilot's LastContact, LastIndex, LastTerm);
     * empty on followers and for a consensus that cannot tell.
     */
    default java.util.Map<String, ServerProgress> serverProgress() {
        return java.util.Map.of();
    }

    /** Registers a listener told about leadership changes (called on a consensus thread; must not block). */
    default void addLeadershipListener(LeadershipListener listener) {
    }
}
