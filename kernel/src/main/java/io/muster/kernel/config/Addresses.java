package io.muster.kernel.config;

import java.util.List;

/** Bind addresses of the client-facing listeners; each defaults to {@code client_addr}. */
public record Addresses(List<String> dns, List<String> http, List<String> https) {
    public Addresses {
        dns = List.copyOf(dns);
        http = List.copyOf(http);
        https = List.copyOf(https);
    }
}
