package io.muster.spi.model;

import java.util.List;
import java.util.Map;

/**
 * A service as an operator defines it on an agent (config file {@code service}/{@code services} or
 * {@code PUT /v1/agent/service/register}). {@code id} defaults to {@code name} when absent.
 */
public record ServiceDefinition(String id, String name, String kind, List<String> tags, String address,
                                Map<String, ServiceAddress> taggedAddresses, Map<String, String> meta, int port,
                                Weights weights, boolean enableTagOverride, List<CheckDefinition> checks) {
    public ServiceDefinition {
        kind = kind == null ? "" : kind;
        tags = tags == null ? List.of() : List.copyOf(tags);
        address = address == null ? "" : address;
        taggedAddresses = taggedAddresses == null ? Map.of() : Map.copyOf(taggedAddresses);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        weights = weights == null ? Weights.DEFAULT : weights;
        checks = checks == null ? List.of() : List.copyOf(checks);
        id = id == null || id.isEmpty() ? name : id;
    }
}
