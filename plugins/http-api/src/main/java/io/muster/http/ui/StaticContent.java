package io.muster.http.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Static files mounted under base paths: every {@code WebAssets} extension, or {@code ui_config.dir} instead of
 * the UI. A request for the base, or for a path under it without a file extension that does not exist, gets the
 * mount's index.html (the UI routes on the client). Reads may touch the disk: callers run this off the I/O threads.
 */
public final class StaticContent {
    /** A file to send, or a redirect when {@code location} is set. */
    public record Asset(int status, byte[] body, String contentType, String location) {
    }

    private record Mount(String basePath, Function<String, Optional<InputStream>> source) {
    }

    private final List<Mount> mounts = new ArrayList<>();
    private final String rootRedirect;

    private StaticContent(String rootRedirect) {
        this.rootRedirect = rootRedirect;
    }

    /** {@code rootRedirect} is where "/" points (Consul: "/ui/"), or null to leave "/" a 404. */
    public static StaticContent create(String rootRedirect) {
        return new StaticContent(rootRedirect);
    }

    public StaticContent mount(String basePath, Function<String, Optional<InputStream>> source) {
        String base = basePath.startsWith("/") ? basePath : "/" + basePath;
        base = base.endsWith("/") ? base : base + "/";
        mounts.add(new Mount(base, source));
        mounts.sort(Comparator.comparingInt((Mount m) -> m.basePath.length()).reversed());
        return this;
    }

    /** A directory on disk as a source; refuses paths that climb out of it. */
    public static Function<String, Optional<InputStream>> directory(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return relative -> {
            Path file = root.resolve(relative).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.newInputStream(file));
            } catch (IOException e) {
                throw new UncheckedIOException("reading UI file " + file + " failed", e);
            }
        };
    }

    public boolean isEmpty() {
        return mounts.isEmpty();
    }

    /** Whether this content answers {@code path} (so the server hands it over instead of a 404). */
    public boolean handles(String path) {
        if (path.equals("/") && rootRedirect != null) {
            return true;
        }
        for (Mount m : mounts) {
            if (path.startsWith(m.basePath) || path.equals(m.basePath.substring(0, m.basePath.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    public Asset resolve(String path) {
        if (path.equals("/") && rootRedirect != null) {
            return new Asset(301, new byte[0], null, rootRedirect);
        }
        for (Mount m : mounts) {
            if (path.equals(m.basePath.substring(0, m.basePath.length() - 1))) {
                return new Asset(301, new byte[0], null, m.basePath);
            }
            if (!path.startsWith(m.basePath)) {
                continue;
            }
            String relative = path.substring(m.basePath.length());
            if (relative.contains("..")) {
                return notFound();
            }
            if (!relative.isEmpty() && !relative.endsWith("/")) {
                Optional<InputStream> file = m.source.apply(relative);
                if (file.isPresent()) {
                    return new Asset(200, readAll(file.get(), path), contentType(relative), null);
                }
                if (hasExtension(relative)) {
                    return notFound();
                }
            }
            Optional<InputStream> index = m.source.apply("index.html");
            return index.map(in -> new Asset(200, readAll(in, path), "text/html; charset=utf-8", null))
                    .orElseGet(StaticContent::notFound);
        }
        return notFound();
    }

    private static Asset notFound() {
        return new Asset(404, "404 page not found\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "text/plain; charset=utf-8", null);
    }

    private static boolean hasExtension(String relative) {
        String last = relative.substring(relative.lastIndexOf('/') + 1);
        return last.lastIndexOf('.') > 0;
    }

    private static byte[] readAll(InputStream in, String path) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading static file " + path + " failed", e);
        }
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        switch (ext) {
            case "html": case "htm": return "text/html; charset=utf-8";
            case "js": case "mjs": return "text/javascript; charset=utf-8";
            case "css": return "text/css; charset=utf-8";
            case "json": case "map": return "application/json";
            case "svg": return "image/svg+xml";
            case "png": return "image/png";
            case "jpg": case "jpeg": return "image/jpeg";
            case "gif": return "image/gif";
            case "ico": return "image/x-icon";
            case "woff": return "font/woff";
            case "woff2": return "font/woff2";
            case "ttf": return "font/ttf";
            case "txt": return "text/plain; charset=utf-8";
            case "xml": return "text/xml; charset=utf-8";
            case "wasm": return "application/wasm";
            default: return "application/octet-stream";
        }
    }
}
