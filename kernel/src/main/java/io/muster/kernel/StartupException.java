package io.muster.kernel;

/** The agent could not start; the message names the component and what to do. */
public final class StartupException extends Exception {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
