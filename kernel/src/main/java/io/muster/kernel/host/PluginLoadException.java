package io.muster.kernel.host;

/** A plugin could not be loaded, resolved or started; the message names the plugin and the cause. */
public final class PluginLoadException extends Exception {
    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public PluginLoadException(String message) {
        super(message);
    }
}
