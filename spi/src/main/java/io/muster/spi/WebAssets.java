package io.muster.spi;

import org.pf4j.ExtensionPoint;

import java.io.InputStream;
import java.util.Optional;

/** Static web content (the UI) that the HTTP frontend mounts under {@link #basePath()}. */
public interface WebAssets extends ExtensionPoint {
    /** Where the assets are mounted, e.g. "/ui/". */
    String basePath();

    /** The asset at a path relative to the base ("" or "index.html" for the index), if it exists. */
    Optional<InputStream> open(String relativePath);
}
