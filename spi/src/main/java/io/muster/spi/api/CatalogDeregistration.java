package io.muster.spi.api;

/** {@code PUT /v1/catalog/deregister}: the node, or only one service or one check of it when those are set. */
public record CatalogDeregistration(String node, String datacenter, String serviceId, String checkId) {
}
