package io.muster.spi.membership;

/** A user event ({@code consul event}); filters are regular expressions, empty when unset. */
public record UserEvent(String id, String name, byte[] payload, String nodeFilter, String serviceFilter,
                        String tagFilter, long lamportTime) {
}
