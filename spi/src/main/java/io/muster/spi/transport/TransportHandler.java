package io.muster.spi.transport;

import java.util.concurrent.CompletionStage;

/** The kernel's side of a {@link Transport}: answers a forwarded request. */
public interface TransportHandler {
    CompletionStage<byte[]> handle(String endpoint, byte[] request);
}
