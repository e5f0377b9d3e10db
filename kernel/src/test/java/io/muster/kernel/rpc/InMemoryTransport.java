package io.muster.kernel.rpc;

import io.muster.spi.transport.Transport;
import io.muster.spi.transport.TransportException;
import io.muster.spi.transport.TransportHandler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Servers reachable in-process by address. An address can refuse connections (the request is not sent) or lose the
 * answer after the handler ran (the request was sent), the two failures the forwarder treats differently.
 */
final class InMemoryTransport implements Transport {
    record Sent(String address, String endpoint, Duration deadline) {
    }

    final Map<String, TransportHandler> servers = new ConcurrentHashMap<>();
    final Set<String> refusing = ConcurrentHashMap.newKeySet();
    final Set<String> losingAnswers = ConcurrentHashMap.newKeySet();
    final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public void start(String bindAddress, int port, TransportHandler handler) {
        servers.put(bindAddress + ":" + port, handler);
    }

    @Override
    public CompletionStage<byte[]> call(String address, String endpoint, byte[] request, Duration deadline) {
        sent.add(new Sent(address, endpoint, deadline));
        TransportHandler handler = servers.get(address);
        if (handler == null || refusing.contains(address)) {
            return CompletableFuture.failedFuture(new TransportException("dial tcp " + address + ": connection refused",
                    false, null));
        }
        CompletionStage<byte[]> answer = handler.handle(endpoint, request);
        if (losingAnswers.contains(address)) {
            return answer.thenCompose(bytes -> CompletableFuture.failedFuture(
                    new TransportException("connection to " + address + " reset by peer", true, null)));
        }
        return answer;
    }

    List<String> addressesCalled() {
        return sent.stream().map(Sent::address).toList();
    }

    @Override
    public void stop() {
        servers.clear();
    }
}
