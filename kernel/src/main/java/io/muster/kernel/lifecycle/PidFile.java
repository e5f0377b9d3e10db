package io.muster.kernel.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code -pid-file}: written at start (parents created), removed at a clean stop. */
public final class PidFile implements AutoCloseable {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    public static PidFile write(Path path) throws DataDirException {
        Path file = path.toAbsolutePath().normalize();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
            return new PidFile(file);
        } catch (IOException e) {
            throw new DataDirException("cannot write pid file " + file + ": " + e.getMessage()
                    + "; check the directory exists and is writable, or change -pid-file");
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A stale pid file is harmless: the next start overwrites it.
        }
    }
}
