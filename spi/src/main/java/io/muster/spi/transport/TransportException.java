package io.muster.spi.transport;

import java.io.IOException;

/**
 * A forwarded call failed in the transport (not in the remote endpoint). {@code requestSent} tells the caller
 * whether the server may have received the request: a write is retried on another server only when it was not
 * sent (connect refused, no route), because a sent write may already have been applied.
 */
public class TransportException extends IOException {
    private final boolean requestSent;

    public TransportException(String message, boolean requestSent, Throwable cause) {
        super(message, cause);
        this.requestSent = requestSent;
    }

    public boolean requestSent() {
        return requestSent;
    }
}
