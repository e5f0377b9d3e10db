package io.muster.spi.store;

/**
 * The answer of a store read: the value, the index a blocking query compares against ({@code X-Consul-Index}),
 * and a watch that fires when anything the read depended on changes.
 */
public record Read<T>(long index, T value, Watch watch) {
    public <R> Read<R> map(java.util.function.Function<? super T, ? extends R> f) {
        return new Read<>(index, f.apply(value), watch);
    }
}
