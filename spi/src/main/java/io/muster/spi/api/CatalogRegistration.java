package io.muster.spi.api;

import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.Service;

import java.util.List;
import java.util.Map;

/**
 * {@code PUT /v1/catalog/register}: a node, optionally a service and checks on it. Indexes in the
 * service/checks are ignored. With {@code skipNodeUpdate} an existing node's address and meta are kept.
 */
public record CatalogRegistration(String id, String node, String address, String datacenter,
                                  Map<String, String> taggedAddresses, Map<String, String> nodeMeta,
                                  Service service, List<HealthCheck> checks, boolean skipNodeUpdate) {
    public CatalogRegistration {
        taggedAddresses = taggedAddresses == null ? Map.of() : Map.copyOf(taggedAddresses);
        nodeMeta = nodeMeta == null ? Map.of() : Map.copyOf(nodeMeta);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
