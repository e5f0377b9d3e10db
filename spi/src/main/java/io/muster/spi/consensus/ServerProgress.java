package io.muster.spi.consensus;

/**
 * What the leader knows of one server's replication, as autopilot reports it: milliseconds since it last heard from
 * the server (0 for itself), the highest log index known to be on that server, and the current term.
 */
public record ServerProgress(long lastContactMillis, long lastIndex, long lastTerm) {
}
