package io.muster.kernel.rpc;

import io.muster.kernel.rpc.EndpointCodec.EndpointMethod;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where a call on a forwarded endpoint goes: a remote server, or the routing of this server. */
@FunctionalInterface
public interface CallTarget {
    /** Completes with the method's answer, or fails with the ApiException the caller should see. */
    CompletionStage<Object> invoke(EndpointMethod method, List<Object> args);
}
