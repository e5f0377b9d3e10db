package io.muster.raft;

import org.jgroups.protocols.raft.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotSafeFileLogTest {
    @TempDir
    Path dir;

    @Test
    void theFirstEntryAfterASnapshotInstallIsWrittenInTheFileLogsFormat() throws Exception {
        Path entries = dir.resolve(SnapshotSafeFileLog.ENTRIES_FILE);
        Files.write(entries, new byte[64]); // what jgroups-raft 1.1.4 leaves: zeros where the entry belongs

        SnapshotSafeFileLog.writeFirstEntry(entries, 7, new LogEntry(3, new byte[] {9, 8}, 0, 2, true));

        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(entries));
        assertThat(file.get()).as("magic").isEqualTo((byte) 1);
        assertThat(file.getInt()).as("total length").isEqualTo(26 + 2);
        assertThat(file.getLong()).as("term").isEqualTo(3);
        assertThat(file.getLong()).as("index").isEqualTo(7);
        assertThat(file.get()).as("internal").isEqualTo((byte) 1);
        assertThat(file.getInt()).as("data length").isEqualTo(2);
        assertThat(file.get()).isEqualTo((byte) 9);
        assertThat(file.get()).isEqualTo((byte) 8);
        assertThat(file.get()).as("the rest is untouched").isZero();
        assertThat(Files.size(entries)).isEqualTo(64);
    }
}
