package io.muster.kernel.endpoint;

import io.muster.kernel.consensus.Command;
import io.muster.kernel.consensus.CommandCodec;
import io.muster.kernel.consensus.CommandError;
import io.muster.spi.api.ApiException;
import io.muster.spi.consensus.Consensus;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Encodes a command, proposes it through consensus, and turns a refused command into an {@link ApiException}. */
final class Proposer {
    private final Consensus consensus;
    private final CommandCodec codec;

    Proposer(Consensus consensus, CommandCodec codec) {
        this.consensus = consensus;
        this.codec = codec;
    }

    /** {@code refusedAs}: the status a store refusal maps to for this endpoint (Consul answers most with 500). */
    <T> CompletionStage<T> propose(Command command, Class<T> resultType, ApiException.Kind refusedAs) {
        return consensus.apply(codec.encode(command)).thenApply(result -> {
            if (result instanceof CommandError error) {
                throw new CompletionException(new ApiException(refusedAs, error.message()));
            }
            if (!resultType.isInstance(result)) {
                throw new CompletionException(new ApiException(ApiException.Kind.INTERNAL, "command "
                        + command.getClass().getSimpleName() + " answered " + result + ", expected "
                        + resultType.getSimpleName()));
            }
            return resultType.cast(result);
        });
    }
}
