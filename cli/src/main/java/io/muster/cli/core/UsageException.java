package io.muster.cli.core;

/** The command line is wrong (unknown flag, bad value, wrong argument count); the message says how. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean helpRequested;

    public UsageException(String message) {
        this(message, false);
    }

    private UsageException(String message, boolean helpRequested) {
        super(message, null, false, false);
        this.helpRequested = helpRequested;
    }

    /** -h or -help: print the usage text and succeed. */
    static UsageException help() {
        return new UsageException("help requested", true);
    }

    public boolean helpRequested() {
        return helpRequested;
    }
}
