package io.muster.cli.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions filtered from the pom into version.properties at build time. */
public final class Version {
    public static final String MUSTER;
    public static final String CONSUL;

    static {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/io/muster/cli/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read io/muster/cli/version.properties from the CLI jar", e);
        }
        MUSTER = properties.getProperty("muster.version", "0.0.0");
        CONSUL = properties.getProperty("consul.compat.version", "0.0.0");
    }

    private Version() {
    }
}
