package io.muster.http.server;

import java.nio.file.Path;

/**
 * The HTTPS listener's TLS settings or files are unusable; the message names the config key, the file and the
 * problem, and the agent refuses to start with it.
 */
public final class TlsConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String key, Path file, String problem) {
        super("config key " + key + ": " + file + " " + problem);
    }
}
