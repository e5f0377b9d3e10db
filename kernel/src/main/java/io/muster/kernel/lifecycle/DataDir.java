package io.muster.kernel.lifecycle;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The agent's data directory: created on start, held with an exclusive lock for the agent's lifetime (a second
 * agent on the same directory would corrupt it), and home of the persisted {@code node-id}.
 */
public final class DataDir implements AutoCloseable {
    private static final Pattern UUID_FORM =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final String LOCK_FILE = "muster.lock";
    private static final String NODE_ID_FILE = "node-id";

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDir(Path path, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it; fails with a message naming the directory and what to do. */
    public static DataDir open(Path dir) throws DataDirException {
        Path path = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(path);
        } catch (AccessDeniedException e) {
            throw new DataDirException("cannot create data directory " + path + ": permission denied; "
                    + "create it or give the agent's user write access");
        } catch (IOException e) {
            throw new DataDirException("cannot create data directory " + path + ": " + e.getMessage());
        }
        if (!Files.isWritable(path)) {
            throw new DataDirException("data directory " + path + " is not writable by this user");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new DataDirException("data directory " + path + " is in use by another agent (lock on "
                        + path.resolve(LOCK_FILE) + "); stop that agent or choose another -data-dir");
            }
            return new DataDir(path, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new DataDirException("data directory " + path + " is already in use by this process");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DataDirException("cannot lock data directory " + path + ": " + e.getMessage());
        }
    }

    public Path path() {
        return path;
    }

    /**
     * The node's id: {@code configured} when given (and then persisted); else the one persisted earlier; else a new
     * one, random, or derived from the host when {@code hostBased} ({@code -disable-host-node-id=false}).
     */
    public String nodeId(String configured, boolean hostBased) throws DataDirException {
        Path file = path.resolve(NODE_ID_FILE);
        try {
            if (configured != null && !configured.isEmpty()) {
                String id = validateNodeId(configured, "-node-id");
                Files.writeString(file, id, StandardCharsets.UTF_8);
                return id;
            }
            if (Files.exists(file)) {
                return validateNodeId(Files.readString(file, StandardCharsets.UTF_8).trim(), file.toString());
            }
            String id = hostBased ? hostNodeId() : UUID.randomUUID().toString();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new DataDirException("cannot read or write node id file " + file + ": " + e.getMessage());
        }
    }

    /** Checks Consul's node-id form (a lower-cased UUID); {@code where} names the source for the message. */
    public static String validateNodeId(String id, String where) throws DataDirException {
        String lower = id.toLowerCase(Locale.ROOT);
        if (!UUID_FORM.matcher(lower).matches()) {
            throw new DataDirException("node ID \"" + id + "\" from " + where
                    + " is not a valid UUID (expected 8-4-4-4-12 hexadecimal digits)");
        }
        return lower;
    }

    /** A stable id for this host: a UUID-shaped hash of /etc/machine-id (or the host name when absent). */
    static String hostNodeId() throws IOException {
        Path machineId = Path.of("/etc/machine-id");
        String seed = Files.isReadable(machineId) ? Files.readString(machineId).trim()
                : java.net.InetAddress.getLocalHost().getHostName();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(digest, 0, 16);
            return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel close below releases the lock as well.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing to do: the process is giving the file up either way.
            }
        }
    }
}
