package io.muster.spi.api;

import io.muster.spi.model.ConfigEntry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Centralised configuration entries ({@code /v1/config}). */
public interface ConfigEntryApi {
    /**
     * Stores an entry given as Consul's JSON object (Kind, Name and the kind's fields). With {@code cas}, only if
     * the stored ModifyIndex equals it (0 = only if absent); completes with false when that failed. Fails with
     * BAD_REQUEST on a missing or unknown Kind or an invalid Name.
     */
    CompletionStage<Boolean> apply(Map<String, Object> entry, Long cas, WriteOptions options);

    CompletionStage<QueryResult<Optional<ConfigEntry>>> get(String kind, String name, QueryOptions options);

    /** Entries of one kind, sorted by name; BAD_REQUEST for an unknown kind. */
    CompletionStage<QueryResult<List<ConfigEntry>>> list(String kind, QueryOptions options);

    /** Deletes an entry (true also when it did not exist); with {@code cas} as for {@link #apply}. */
    CompletionStage<Boolean> delete(String kind, String name, Long cas, WriteOptions options);
}
