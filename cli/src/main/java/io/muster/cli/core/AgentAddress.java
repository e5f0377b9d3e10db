package io.muster.cli.core;

/**
 * Where the agent's HTTP API listens, as -http-addr / CONSUL_HTTP_ADDR give it: {@code host:port} with an
 * optional {@code http://} or {@code https://} prefix.
 */
public record AgentAddress(String scheme, String hostPort) {
    public static final String DEFAULT = "127.0.0.1:8500";

    public static AgentAddress parse(String raw, boolean forceHttps) throws UsageException {
        String value = raw.strip();
        String scheme = forceHttps ? "https" : "http";
        int sep = value.indexOf("://");
        if (sep >= 0) {
            scheme = value.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
            value = value.substring(sep + 3);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new UsageException("Unsupported scheme in -http-addr \"" + raw
                        + "\": use host:port, http://host:port or https://host:port");
            }
        }
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.isEmpty()) {
            throw new UsageException("Empty -http-addr: use host:port, for example " + DEFAULT);
        }
        return new AgentAddress(scheme, value);
    }

    public String baseUrl() {
        return scheme + "://" + hostPort;
    }

    /** As operators wrote it: host:port, with the scheme only when it is https. */
    public String display() {
        return scheme.equals("https") ? baseUrl() : hostPort;
    }
}
