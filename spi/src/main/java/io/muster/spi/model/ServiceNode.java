package io.muster.spi.model;

/** One row of {@code /v1/catalog/service/NAME}: a service instance with the node it runs on. */
public record ServiceNode(Node node, Service service) {
}
