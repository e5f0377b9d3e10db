package io.muster.spi.model;

import java.time.Duration;
import java.util.List;

/**
 * A session. {@code behavior} is "release" or "delete"; {@code ttl} is null when the session has none.
 * {@code nodeChecks} are check ids on {@code node}; {@code serviceChecks} are check ids of services.
 */
public record Session(String id, String name, String node, List<String> nodeChecks, List<String> serviceChecks,
                      Duration lockDelay, String behavior, Duration ttl, long createIndex, long modifyIndex) {
    public Session {
        name = name == null ? "" : name;
        nodeChecks = nodeChecks == null ? List.of() : List.copyOf(nodeChecks);
        serviceChecks = serviceChecks == null ? List.of() : List.copyOf(serviceChecks);
    }
}
