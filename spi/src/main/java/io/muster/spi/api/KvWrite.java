package io.muster.spi.api;

/**
 * A KV PUT. {@code cas} null = unconditional; 0 = only if the key does not exist; N = only if ModifyIndex is N.
 * {@code acquire}/{@code release} are session ids (at most one is set). {@code value} may be empty, never null.
 */
public record KvWrite(String key, byte[] value, long flags, Long cas, String acquire, String release) {
}
