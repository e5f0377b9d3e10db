package io.muster.spi.model;

import java.util.List;

/** A node with the services registered on it ({@code /v1/catalog/node/NAME}). */
public record NodeServices(Node node, List<Service> services) {
    public NodeServices {
        services = List.copyOf(services);
    }
}
