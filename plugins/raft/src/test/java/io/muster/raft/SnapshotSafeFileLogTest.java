package io.muster.raft;

import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aSnapshotAndTheCompactedLogSurviveAReopen() throws Exception {
        Path logDir = dir.resolve("n1.log");
        SnapshotSafeFileLog log = open(logDir);
        for (long i = 1; i <= 100; i++) {
            log.append(i, new LogEntries().add(new LogEntry(2, ("entry " + i).getBytes())));
        }
        log.commitIndex(90);
        log.setSnapshot(ByteBuffer.wrap("state at 90".getBytes()));
        log.truncate(90);
        assertThat(log.firstAppended()).isEqualTo(90);
        log.close();

        SnapshotSafeFileLog reopened = open(logDir);
        try {
            assertThat(reopened.firstAppended()).isEqualTo(90);
            assertThat(reopened.lastAppended()).isEqualTo(100);
            assertThat(new String(reopened.get(95).command())).isEqualTo("entry 95");
            assertThat(reopened.get(89)).as("compacted away").isNull();
            ByteBuffer snapshot = reopened.getSnapshot();
            byte[] bytes = new byte[snapshot.remaining()];
            snapshot.get(bytes);
            assertThat(new String(bytes)).isEqualTo("state at 90");
            assertThat(logDir.resolve(SnapshotSafeFileLog.SNAPSHOT_FILE + ".tmp")).doesNotExist();
        } finally {
            reopened.close();
        }
    }

    @Test
    void aSnapshotThatCannotBeWrittenFailsLoudlyAndKeepsThePreviousOne() throws Exception {
        Path logDir = dir.resolve("n1.log");
        SnapshotSafeFileLog log = open(logDir);
        try {
            log.setSnapshot(ByteBuffer.wrap("first".getBytes()));
            // a directory where the temporary file goes: the write fails
            Files.createDirectory(logDir.resolve(SnapshotSafeFileLog.SNAPSHOT_FILE + ".tmp"));
            assertThatThrownBy(() -> log.setSnapshot(ByteBuffer.wrap("second".getBytes())))
                    .hasMessageContaining("could not write the snapshot")
                    .hasMessageContaining("nothing was compacted");
            assertThat(Files.readString(logDir.resolve(SnapshotSafeFileLog.SNAPSHOT_FILE))).isEqualTo("first");
        } finally {
            log.close();
        }
    }

    private static SnapshotSafeFileLog open(Path logDir) throws Exception {
        SnapshotSafeFileLog log = new SnapshotSafeFileLog();
        log.useFsync(true);
        log.init(logDir.toString(), Map.of());
        return log;
    }
}
