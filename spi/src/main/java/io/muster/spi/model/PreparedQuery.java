package io.muster.spi.model;

import java.util.Map;

/**
 * A stored prepared query. {@code definition} is Consul's query object (Service, Failover, DNS, Template, ...)
 * with Consul's field names, JSON-like values; the store keeps it as given and the endpoint interprets it.
 */
public record PreparedQuery(String id, String name, String session, String token, Map<String, Object> definition,
                            long createIndex, long modifyIndex) {
    public PreparedQuery {
        name = name == null ? "" : name;
        session = session == null ? "" : session;
        token = token == null ? "" : token;
        definition = definition == null ? Map.of() : Map.copyOf(definition);
    }
}
