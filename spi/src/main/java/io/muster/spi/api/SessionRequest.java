package io.muster.spi.api;

import java.time.Duration;
import java.util.List;

/**
 * {@code PUT /v1/session/create}. Nulls take Consul's defaults: node = the agent's, lockDelay 15s,
 * behavior "release", nodeChecks ["serfHealth"], no TTL. TTL must be within 10s..86400s.
 */
public record SessionRequest(String name, String node, List<String> nodeChecks, List<String> serviceChecks,
                             Duration lockDelay, String behavior, Duration ttl) {
}
