package io.muster.spi.api;

/** Read consistency mode of a query, as Consul's {@code ?stale} / {@code ?consistent} select it. */
public enum Consistency {
    /** Served by the leader without a quorum check (Consul's default). */
    DEFAULT,
    /** Served by the leader after confirming leadership with a quorum. */
    CONSISTENT,
    /** Served by any server from its local state; may lag by up to {@code max_stale}. */
    STALE
}
