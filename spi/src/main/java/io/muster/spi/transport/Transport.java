package io.muster.spi.transport;

import org.pf4j.ExtensionPoint;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Agent-to-server and server-to-server request forwarding on {@code ports.server}. */
public interface Transport extends ExtensionPoint {
    String name();

    /** Serves the kernel's endpoints through {@code handler} on {@code bindAddress:port}. */
    void start(String bindAddress, int port, TransportHandler handler) throws Exception;

    /** Calls {@code endpoint} on the server at {@code address} ({@code ip:port}); fails after {@code deadline}. */
    CompletionStage<byte[]> call(String address, String endpoint, byte[] request, Duration deadline);

    void stop();
}
