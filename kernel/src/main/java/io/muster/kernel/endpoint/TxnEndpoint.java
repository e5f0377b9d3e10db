package io.muster.kernel.endpoint;

import io.muster.kernel.consensus.Command;
import io.muster.kernel.consensus.TxnExecutor;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.TxnApi;
import io.muster.spi.api.TxnOp;
import io.muster.spi.api.TxnResponse;
import io.muster.spi.consensus.Consensus;
import io.muster.spi.store.StateStore;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /v1/txn}: read-only transactions answer from the store, any write goes through consensus atomically. */
final class TxnEndpoint implements TxnApi {
    private final StateStore store;
    private final Proposer proposer;
    private final Consensus consensus;
    private final long maxValueSize;

    TxnEndpoint(StateStore store, Proposer proposer, Consensus consensus, long maxValueSize) {
        this.store = store;
        this.proposer = proposer;
        this.consensus = consensus;
        this.maxValueSize = maxValueSize;
    }

    @Override
    public CompletionStage<TxnResponse> execute(List<TxnOp> operations, QueryOptions query) {
        if (operations.size() > MAX_OPERATIONS) {
            // Consul answers 413 with this text.
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.TOO_LARGE,
                    "Transaction contains too many operations (" + operations.size() + " > " + MAX_OPERATIONS + ")"));
        }
        for (TxnOp op : operations) {
            if (op instanceof TxnOp.Kv kv && kv.value() != null && kv.value().length > maxValueSize) {
                return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.TOO_LARGE,
                        "Value for key " + kv.key() + " is too large (" + kv.value().length + " > " + maxValueSize
                                + " bytes)"));
            }
        }
        if (TxnExecutor.readOnly(operations)) {
            QueryOptions q = query == null ? QueryOptions.DEFAULT : query;
            CompletionStage<Void> ready = q.consistency() == Consistency.CONSISTENT
                    ? consensus.readBarrier() : CompletableFuture.completedFuture(null);
            return ready.thenApply(v -> store.read(reader -> {
                TxnExecutor.Outcome outcome = TxnExecutor.run(reader, operations);
                return new TxnResponse(outcome.results(), outcome.errors(), Math.max(1, store.index()));
            }));
        }
        return proposer.propose(new Command.Txn(List.copyOf(operations)), TxnResponse.class,
                ApiException.Kind.INTERNAL);
    }
}
