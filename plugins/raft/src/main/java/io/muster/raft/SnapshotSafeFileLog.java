package io.muster.raft;

import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.LogEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * jgroups-raft 1.1.4's file log, with its snapshot install fixed: {@code LogEntryStorage.reinitializeTo} fills its
 * I/O buffer with the first entry but writes it without flipping it, so nothing reaches the disk. The file then
 * starts with zeros, the next reload finds no entry at all, and a server that received a snapshot (every server
 * that joined a running cluster) is refused at its next restart. This class writes that first entry itself, in the
 * file log's own format (big-endian: magic 1, total length, term, index, internal flag, data length, data).
 */
public final class SnapshotSafeFileLog extends FileBasedLog {
    static final String ENTRIES_FILE = "entries.raft";
    private static final byte MAGIC = 1;
    private static final int HEADER_BYTES = 1 + 4 + 8 + 8 + 1 + 4;

    private Path entries;

    @Override
    public void init(String logName, Map<String, String> args) throws Exception {
        super.init(logName, args);
        entries = Path.of(logName, ENTRIES_FILE);
    }

    @Override
    public void reinitializeTo(long index, LogEntry entry) {
        super.reinitializeTo(index, entry);
        writeFirstEntry(entries, index, entry);
    }

    static void writeFirstEntry(Path file, long index, LogEntry entry) {
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES + entry.length());
        bytes.put(MAGIC).putInt(HEADER_BYTES + entry.length()).putLong(entry.term()).putLong(index)
                .put(entry.internal() ? (byte) 1 : (byte) 0).putInt(entry.length());
        if (entry.length() > 0) {
            bytes.put(entry.command(), entry.offset(), entry.length());
        }
        bytes.flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes, bytes.position());
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("raft: could not write the first entry of " + file + " after installing a"
                    + " snapshot: " + e.getMessage(), e);
        }
    }
}
