package io.muster.spi.model;

/** An entry of a service's {@code TaggedAddresses} (Consul's JSON spells its fields {@code Address}/{@code Port}). */
public record ServiceAddress(String address, int port) {
}
