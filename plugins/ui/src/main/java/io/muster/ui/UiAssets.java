package io.muster.ui;

import io.muster.spi.WebAssets;
import org.pf4j.Extension;

import java.io.InputStream;
import java.util.Optional;

/**
 * The web UI's static files, packed into this plugin's classes under {@code ui/} at build time and served by
 * the http-api plugin under {@code /ui/}. The app routes with the URL hash, so no path needs an index fallback.
 */
@Extension
public final class UiAssets implements WebAssets {
    static final String BASE_PATH = "/ui/";
    private static final String RESOURCE_ROOT = "ui/";
    private static final String INDEX = "index.html";

    private final ClassLoader loader;
    private final String resourceRoot;

    public UiAssets() {
        this(UiAssets.class.getClassLoader(), RESOURCE_ROOT);
    }

    UiAssets(ClassLoader loader, String resourceRoot) {
        this.loader = loader;
        this.resourceRoot = resourceRoot;
    }

    @Override
    public String basePath() {
        return BASE_PATH;
    }

    @Override
    public Optional<InputStream> open(String relativePath) {
        return resourceName(relativePath).map(name -> loader.getResourceAsStream(resourceRoot + name));
    }

    /**
     * The resource a request path names, or empty for a path that could escape the UI's folder or that names a
     * folder. The index stands for the base path itself.
     */
    static Optional<String> resourceName(String relativePath) {
        if (relativePath == null) {
            return Optional.empty();
        }
        String path = relativePath;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty()) {
            return Optional.of(INDEX);
        }
        if (path.endsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(path);
    }
}
