package io.muster.spi.api;

import java.util.List;

/**
 * {@code GET /v1/operator/autopilot/state}: the health view arranged as Consul's autopilot state; {@code leader}
 * and {@code voters} are server ids.
 */
public record AutopilotState(boolean healthy, int failureTolerance, int optimisticFailureTolerance, String leader,
                             List<String> voters, List<AutopilotHealth.Server> servers) {
    public AutopilotState {
        voters = List.copyOf(voters);
        servers = List.copyOf(servers);
    }
}
