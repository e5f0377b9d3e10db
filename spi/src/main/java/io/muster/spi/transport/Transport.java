package io.muster.spi.transport;

import org.pf4j.ExtensionPoint;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Agent-to-server and server-to-server request forwarding on {@code ports.server}. Servers call {@link #start}
 * to serve; client agents only call {@link #call} (it works without {@code start}). Connections are the
 * plugin's business (pooled, multiplexed); many calls may be in flight at once, some parked for minutes
 * (blocking queries), so no call may hold a thread while it waits.
 */
public interface Transport extends ExtensionPoint {
    String name();

    /** Serves the kernel's endpoints through {@code handler} on {@code bindAddress:port}. */
    void start(String bindAddress, int port, TransportHandler handler) throws Exception;

    /**
     * Calls {@code endpoint} on the server at {@code address} ({@code ip:port}); completes with the handler's
     * answer, or fails with a {@link TransportException} (connect failure, connection lost, {@code deadline}
     * passed). A handler whose stage fails is reported the same way ({@code requestSent} true, its message
     * kept); the kernel encodes the endpoints' own errors into answer bytes, so that is a fault, not an answer.
     */
    CompletionStage<byte[]> call(String address, String endpoint, byte[] request, Duration deadline);

    void stop();
}
