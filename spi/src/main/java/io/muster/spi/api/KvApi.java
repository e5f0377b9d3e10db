package io.muster.spi.api;

import io.muster.spi.model.KvEntry;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The KV endpoint ({@code /v1/kv}). Reads honour blocking and consistency options; no method blocks a thread. */
public interface KvApi {
    CompletionStage<QueryResult<Optional<KvEntry>>> get(String key, QueryOptions options);

    /** Every entry whose key starts with {@code prefix}, sorted by key. */
    CompletionStage<QueryResult<List<KvEntry>>> list(String prefix, QueryOptions options);

    /** Keys under {@code prefix}; with a separator, keys are rolled up to the first separator after the prefix. */
    CompletionStage<QueryResult<List<String>>> keys(String prefix, String separator, QueryOptions options);

    /** Completes with false when a CAS or lock condition failed; fails with {@link ApiException} on bad input. */
    CompletionStage<Boolean> put(KvWrite write, WriteOptions options);

    /** Deletes one key, or the whole tree under {@code key} when {@code recurse}; {@code cas} as for put. */
    CompletionStage<Boolean> delete(String key, boolean recurse, Long cas, WriteOptions options);
}
