package io.muster.spi.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/operator/autopilot/health}. A server is healthy when its gossip status is alive and it heard from
 * the leader within LastContactThreshold; {@code failureTolerance} is how many voters may fail without losing
 * quorum.
 */
public record AutopilotHealth(boolean healthy, int failureTolerance, List<Server> servers) {
    public AutopilotHealth {
        servers = List.copyOf(servers);
    }

    public record Server(String id, String name, String address, String serfStatus, String version, boolean leader,
                         Duration lastContact, long lastTerm, long lastIndex, boolean healthy, boolean voter,
                         Instant stableSince) {
    }
}
