package io.muster.spi.api;

/** Options of a write: target datacenter (null = the agent's own) and ACL token (null = anonymous). */
public record WriteOptions(String datacenter, String token) {
    public static final WriteOptions DEFAULT = new WriteOptions(null, null);
}
