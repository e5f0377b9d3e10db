package io.muster.kernel.lifecycle;

/** The data directory or a file in it cannot be used; the message names the path and what to do. */
public final class DataDirException extends Exception {
    public DataDirException(String message) {
        super(message);
    }
}
