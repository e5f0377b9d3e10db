package io.muster.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Muster's version and the Consul version whose API it mirrors, written into the jar at build time. */
public final class Version {
    public static final String MUSTER;
    public static final String CONSUL_COMPAT;

    static {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties from the kernel jar", e);
        }
        MUSTER = p.getProperty("muster.version", "0.0.0-dev");
        CONSUL_COMPAT = p.getProperty("consul.compat.version", "1.21.0");
    }

    private Version() {
    }
}
