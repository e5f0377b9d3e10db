package io.muster.spi.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The transaction endpoint ({@code /v1/txn}): at most 128 operations, applied atomically. */
public interface TxnApi {
    int MAX_OPERATIONS = 128;

    /** Read-only transactions honour {@code query}'s consistency; any write goes through the leader. */
    CompletionStage<TxnResponse> execute(List<TxnOp> operations, QueryOptions query);
}
