package io.muster.kernel.config;

/** Listener ports; -1 disables a listener (Consul treats 0 and -1 alike). */
public record Ports(int dns, int http, int https, int grpc, int serfLan, int serfWan, int server) {
}
