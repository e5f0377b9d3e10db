package io.muster.spi.api;

import java.time.Duration;
import java.util.Map;

/**
 * Options of a read. {@code minIndex} > 0 makes it a blocking query: the answer waits until the result's
 * index exceeds {@code minIndex} or {@code maxWait} elapses (the kernel adds Consul's jitter and caps the wait
 * at 10 minutes). {@code datacenter} null means the agent's own. {@code near} is a node name or "_agent";
 * {@code nodeMeta} filters nodes by meta (all pairs must match).
 */
public record QueryOptions(String datacenter, Consistency consistency, long minIndex, Duration maxWait,
                           String token, String near, Map<String, String> nodeMeta, Duration maxStale) {
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    public static final Duration MAX_WAIT = Duration.ofMinutes(10);
    public static final QueryOptions DEFAULT = new QueryOptions(null, Consistency.DEFAULT, 0, null, null, null, Map.of(), null);
    /** A stale, non-blocking read, as DNS and the UI's quick reads use. */
    public static final QueryOptions STALE = new QueryOptions(null, Consistency.STALE, 0, null, null, null, Map.of(), null);

    public QueryOptions {
        consistency = consistency == null ? Consistency.DEFAULT : consistency;
        nodeMeta = nodeMeta == null ? Map.of() : Map.copyOf(nodeMeta);
    }

    public boolean blocking() {
        return minIndex > 0;
    }

    public QueryOptions withMinIndex(long index, Duration wait) {
        return new QueryOptions(datacenter, consistency, index, wait, token, near, nodeMeta, maxStale);
    }
}
