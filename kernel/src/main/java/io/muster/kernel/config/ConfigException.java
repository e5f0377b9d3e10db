package io.muster.kernel.config;

/**
 * The agent's configuration is unusable. The message is ready for stderr: it names the flag, file or key that
 * failed and the form that was expected. {@link #helpRequested()} marks {@code -h}/{@code -help}, whose message
 * is the usage text and whose exit status is 0, as Consul's CLI does.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean helpRequested;

    public ConfigException(String message) {
        this(message, false, null);
    }

    public ConfigException(String message, Throwable cause) {
        this(message, false, cause);
    }

    private ConfigException(String message, boolean helpRequested, Throwable cause) {
        super(message, cause);
        this.helpRequested = helpRequested;
    }

    static ConfigException help(String usage) {
        return new ConfigException(usage, true, null);
    }

    /** True when the arguments asked for usage ({@code -h}, {@code -help}); not an error. */
    public boolean helpRequested() {
        return helpRequested;
    }
}
