package io.muster.spi.membership;

import io.muster.spi.model.Member;
import org.pf4j.ExtensionPoint;

import java.util.List;
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

    void stop();
}
