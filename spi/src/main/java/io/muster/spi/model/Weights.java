package io.muster.spi.model;

/** DNS SRV weights of a service instance by health; Consul's default is passing 1, warning 1. */
public record Weights(int passing, int warning) {
    public static final Weights DEFAULT = new Weights(1, 1);
}
