package io.muster.spi.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration entry ({@code service-defaults}, {@code proxy-defaults}, ...). {@code body} holds the kind's
 * fields other than Kind, Name and the indexes, with Consul's field names and JSON-like values
 * (null values allowed).
 */
public record ConfigEntry(String kind, String name, Map<String, Object> body, long createIndex, long modifyIndex) {
    public ConfigEntry {
        // Insertion order is kept: the entry prints back with its fields in the order they were given.
        body = body == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }
}
