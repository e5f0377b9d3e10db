package io.muster.kernel.rpc;

import io.muster.kernel.rpc.EndpointCodec.EndpointMethod;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.consensus.Consensus;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A server's routing of endpoint calls, as Consul's servers route RPCs: writes run here (the consensus hands the
 * proposal to the leader), stale reads and reads without consistency options are answered from this server's
 * state, default and consistent reads go to the leader. A call another server already forwarded is never forwarded
 * again: if this server does not lead (any more) it fails with "No cluster leader" and the originator retries.
 */
public final class ServerRouter {
    private final DataApis local;
    private final Consensus consensus;
    private final Optional<Forwarder> toLeader;

    /** Without {@code toLeader} (no transport loaded) every call is answered here, as before forwarding existed. */
    public ServerRouter(DataApis local, Consensus consensus, Optional<Forwarder> toLeader) {
        this.local = local;
        this.consensus = consensus;
        this.toLeader = toLeader;
    }

    /**
     * True when the call must be answered by the leader: a default or consistent read, or a stale read whose
     * {@code max_stale} this server's last contact with the leader exceeds (as Consul's servers decide).
     */
    boolean needsLeader(EndpointMethod method, List<Object> args) {
        if (EndpointCodec.isWrite(method, args)) {
            return false;
        }
        Optional<QueryOptions> options = EndpointCodec.queryOptions(method, args);
        Consistency consistency = EndpointCodec.consistency(method, args).orElse(null);
        if (consistency == null) {
            return false;
        }
        if (consistency != Consistency.STALE) {
            return true;
        }
        Duration maxStale = options.map(QueryOptions::maxStale).orElse(null);
        return maxStale != null && !maxStale.isZero() && !maxStale.isNegative() && consensus.lastContactMillis() > maxStale.toMillis();
    }

    public CompletionStage<Object> invoke(EndpointMethod method, List<Object> args, boolean forwarded) {
        if (toLeader.isEmpty() || consensus.isLeader() || !needsLeader(method, args)) {
            return invokeLocal(method, args);
        }
        if (forwarded) {
            return CompletableFuture.failedFuture(ApiException.noLeader());
        }
        return toLeader.get().invoke(method, args);
    }

    /** The target this server's own frontends call through (their calls are first hops). */
    public CallTarget frontendTarget() {
        return (method, args) -> invoke(method, args, false);
    }

    @SuppressWarnings("unchecked")
    private CompletionStage<Object> invokeLocal(EndpointMethod method, List<Object> args) {
        try {
            return (CompletionStage<Object>) method.method().invoke(local.group(method.api()), args.toArray());
        } catch (InvocationTargetException e) {
            return CompletableFuture.failedFuture(e.getCause());
        } catch (IllegalAccessException e) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL, "cannot call "
                    + method.key() + " on this server: " + e.getMessage(), e));
        }
    }
}
