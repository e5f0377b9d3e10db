package io.muster.rpc;

import java.io.IOException;

/** The peer broke the wire protocol; its connection is closed. */
final class ProtocolException extends IOException {
    ProtocolException(String message) {
        super(message);
    }
}
