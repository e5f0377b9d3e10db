package io.muster.spi.model;

import java.util.List;
import java.util.Map;

/**
 * A service instance registered on a node. {@code kind} is "" for a typical service.
 * Collections are unmodifiable and never null.
 */
public record Service(String id, String service, String kind, List<String> tags, String address,
                      Map<String, ServiceAddress> taggedAddresses, Map<String, String> meta, int port,
                      Weights weights, boolean enableTagOverride, long createIndex, long modifyIndex) {
    public Service {
        kind = kind == null ? "" : kind;
        tags = tags == null ? List.of() : List.copyOf(tags);
        address = address == null ? "" : address;
        taggedAddresses = taggedAddresses == null ? Map.of() : Map.copyOf(taggedAddresses);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        weights = weights == null ? Weights.DEFAULT : weights;
    }
}
