package io.muster.spi.api;

/**
 * The answer to a read: the value and the meta-data Consul sends as headers ({@code X-Consul-Index},
 * {@code X-Consul-KnownLeader}, {@code X-Consul-LastContact}, {@code X-Consul-Effective-Consistency}).
 * {@code index} is never 0 (Consul resets 0 to 1 so that clients never block forever).
 */
public record QueryResult<T>(T value, long index, boolean knownLeader, long lastContactMillis,
                             Consistency effectiveConsistency) {
    public QueryResult {
        index = Math.max(1, index);
    }

    public <R> QueryResult<R> map(java.util.function.Function<? super T, ? extends R> f) {
        return new QueryResult<>(f.apply(value), index, knownLeader, lastContactMillis, effectiveConsistency);
    }
}
