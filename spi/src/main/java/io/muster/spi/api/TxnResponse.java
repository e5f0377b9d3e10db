package io.muster.spi.api;

import java.util.List;

/**
 * The outcome of a transaction. On success {@code results} holds, per op that returns something, a
 * {@code KvEntry}, {@code Node}, {@code Service} or {@code HealthCheck}, and {@code errors} is empty.
 * On failure nothing was applied and {@code errors} names the failing operations by index (HTTP 409).
 */
public record TxnResponse(List<Object> results, List<TxnError> errors, long index) {
    public TxnResponse {
        results = List.copyOf(results);
        errors = List.copyOf(errors);
    }

    public boolean failed() {
        return !errors.isEmpty();
    }

    public record TxnError(int opIndex, String what) {
    }
}
