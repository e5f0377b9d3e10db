package io.muster.kernel.exec;

/** A KV read or write of a remote exec job failed (timeout, no leader, ACL). */
public final class ExecStoreException extends Exception {
    public ExecStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
