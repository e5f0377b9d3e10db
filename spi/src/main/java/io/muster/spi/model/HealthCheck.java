package io.muster.spi.model;

import java.util.List;
import java.util.Map;

/**
 * A health check as stored in the catalog. {@code serviceId}/{@code serviceName} are "" for a node-level
 * check. {@code definition} holds Consul's {@code Definition} object (Interval, Timeout, HTTP, ...) with
 * Consul's field names; it is informational.
 */
public record HealthCheck(String node, String checkId, String name, HealthStatus status, String notes,
                          String output, String serviceId, String serviceName, List<String> serviceTags,
                          String type, Map<String, Object> definition, long createIndex, long modifyIndex) {
    public HealthCheck {
        notes = notes == null ? "" : notes;
        output = output == null ? "" : output;
        serviceId = serviceId == null ? "" : serviceId;
        serviceName = serviceName == null ? "" : serviceName;
        serviceTags = serviceTags == null ? List.of() : List.copyOf(serviceTags);
        type = type == null ? "" : type;
        definition = definition == null ? Map.of() : Map.copyOf(definition);
    }
}
