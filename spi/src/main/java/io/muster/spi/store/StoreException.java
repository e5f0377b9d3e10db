package io.muster.spi.store;

/**
 * A write the store refused because it would break a constraint (missing node, unknown session, critical
 * check...). The message is Consul's text for the same condition; nothing of the write was applied.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }
}
