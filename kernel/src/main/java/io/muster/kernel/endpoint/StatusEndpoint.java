package io.muster.kernel.endpoint;

import io.muster.spi.api.StatusApi;
import io.muster.spi.consensus.Consensus;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /v1/status}: the leader's and the voters' RPC addresses. */
final class StatusEndpoint implements StatusApi {
    private final Consensus consensus;

    StatusEndpoint(Consensus consensus) {
        this.consensus = consensus;
    }

    @Override
    public CompletionStage<String> leader() {
        return CompletableFuture.completedFuture(consensus.leader().orElse(""));
    }

    @Override
    public CompletionStage<List<String>> peers() {
        return CompletableFuture.completedFuture(List.copyOf(consensus.servers()));
    }
}
