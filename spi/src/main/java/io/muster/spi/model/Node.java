package io.muster.spi.model;

import java.util.Map;

/** A catalog node. Maps are unmodifiable and never null. */
public record Node(String id, String node, String address, String datacenter,
                   Map<String, String> taggedAddresses, Map<String, String> meta,
                   long createIndex, long modifyIndex) {
    public Node {
        taggedAddresses = taggedAddresses == null ? Map.of() : Map.copyOf(taggedAddresses);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }
}
