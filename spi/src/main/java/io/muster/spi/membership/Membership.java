package io.muster.spi.membership;

import io.muster.spi.model.Coordinate;
import io.muster.spi.model.Member;
import org.pf4j.ExtensionPoint;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Gossip membership (LAN pool, and WAN for servers). Without one, the agent is a cluster of one. */
public interface Membership extends ExtensionPoint {
    String name();

    void start(MembershipContext context) throws Exception;

    /** Completes with the number of nodes successfully contacted. */
    CompletionStage<Integer> join(List<String> addresses, boolean wan);

    List<Member> members(boolean wan);

    /** Gracefully leaves every pool (others see this node as {@code left}). */
    CompletionStage<Void> leave();

    CompletionStage<Void> forceLeave(String node, boolean prune);

    void fire(UserEvent event);

    /** Every pool's installed gossip keys (LAN, and WAN on servers), as {@code consul keyring -list}. */
    default CompletionStage<List<KeyringResponse>> keyringList() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(name() + " has no gossip keyring"));
    }

    /** Installs a base64 key on every member of every pool without making it primary. */
    default CompletionStage<List<KeyringResponse>> keyringInstall(String key) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(name() + " has no gossip keyring"));
    }

    /** Makes an installed key the primary (encrypting) key on every member. */
    default CompletionStage<List<KeyringResponse>> keyringUse(String key) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(name() + " has no gossip keyring"));
    }

    /** Removes a non-primary key from every member. */
    default CompletionStage<List<KeyringResponse>> keyringRemove(String key) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(name() + " has no gossip keyring"));
    }

    /**
     * This node's current LAN network coordinate (Vivaldi, node = this node's name, segment ""), which the
     * kernel syncs into the catalog; empty when the implementation computes none or coordinates are disabled.
     */
    default Optional<Coordinate> localCoordinate() {
        return Optional.empty();
    }

    void stop();
}
