package io.muster.cli.core;

/** A command failed; the message is printed to stderr as it is and the command exits with status 1. */
public class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message, null, false, false);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
