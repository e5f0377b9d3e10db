package io.muster.spi.api;

import io.muster.spi.membership.UserEvent;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** User events ({@code /v1/event}): fire one into the gossip pool, list the ones this agent received. */
public interface EventApi {
    /**
     * Fires an event; the filters are regular expressions (empty = no filter) matched by each receiving agent
     * against its node name, its services and their tags. Completes with the event as sent: a fresh UUID as
     * {@code id}, {@code lamportTime} 0 (the gossip layer assigns it). Fails with INTERNAL and Consul's text (its
     * HTTP 500) on a missing name, an invalid filter or a tag filter without a service filter.
     */
    CompletionStage<UserEvent> fire(String name, byte[] payload, String nodeFilter, String serviceFilter,
                                    String tagFilter, WriteOptions options);

    /**
     * The most recent events this agent received (at most 256, oldest first), only those named {@code name} when
     * it is non-empty. The result's index is derived from the newest event's id, as Consul's; a blocking list
     * waits while that index equals {@code minIndex}.
     */
    CompletionStage<QueryResult<List<UserEvent>>> list(String name, QueryOptions options);
}
