package io.muster.kernel.agent;

import io.muster.spi.api.AgentSelf;
import io.muster.spi.model.Member;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The cluster-level half of {@code /v1/agent}, which the lead's membership and lifecycle code implements;
 * {@link LocalAgent} delegates to it and owns only local services and checks.
 */
public interface AgentCluster {
    AgentSelf self();

    List<Member> members(boolean wan);

    CompletionStage<Integer> join(List<String> addresses, boolean wan);

    CompletionStage<Void> leave();

    CompletionStage<Void> forceLeave(String node, boolean prune);

    /** Re-reads the config files (and calls {@link LocalAgent#applyConfig} with their services and checks). */
    CompletionStage<List<String>> reload();
}
