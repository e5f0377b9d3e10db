package io.muster.kernel.rpc;

import io.muster.spi.transport.TransportHandler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A server's answer to forwarded calls: decodes the call, routes it, encodes the answer or the failure. */
public final class RpcService implements TransportHandler {
    private final EndpointCodec codec;
    private final ServerRouter router;

    public RpcService(EndpointCodec codec, ServerRouter router) {
        this.codec = codec;
        this.router = router;
    }

    @Override
    public CompletionStage<byte[]> handle(String endpoint, byte[] request) {
        EndpointCodec.Call call;
        try {
            call = codec.decodeRequest(endpoint, request);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(codec.encodeFailure(e));
        }
        CompletionStage<Object> answer;
        try {
            answer = router.invoke(call.method(), call.args(), call.forwarded());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((value, error) -> error != null
                ? codec.encodeFailure(error) : codec.encodeAnswer(call.method(), value));
    }
}
