package io.muster.raft;

import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one snapshot costs raft's runner thread in the file log: writing the snapshot, then compacting the log, for
 * jgroups-raft's FileBasedLog and our SnapshotSafeFileLog, at 8 and 64 MB of log (300-byte entries, fsync on, a
 * 200 kB snapshot). Prints numbers, asserts only that the compacted log still holds its last entry. Run it with
 * {@code mvn -B -o -q -pl plugins/raft -am test -Dtest=LogCompactionBench -Draft.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "raft.bench", matches = "true")
class LogCompactionBench {
    @TempDir
    Path dir;

    @Test
    void compaction() throws Exception {
        for (int megabytes : new int[]{8, 64}) {
            measure("FileBasedLog", FileBasedLog::new, megabytes);
            measure("SnapshotSafeFileLog", SnapshotSafeFileLog::new, megabytes);
        }
    }

    private void measure(String name, Supplier<Log> create, int megabytes) throws Exception {
        Log log = create.get();
        log.useFsync(true);
        log.init(dir.resolve(name + "-" + megabytes).toString(), Map.of());
        byte[] command = new byte[300];
        byte[] snapshot = new byte[200_000];
        long index = 1;
        try {
            for (int round = 0; round < 4; round++) {
                for (long bytes = 0; bytes < (long) megabytes << 20; bytes += 16 * command.length) {
                    LogEntries batch = new LogEntries();
                    for (int k = 0; k < 16; k++) {
                        batch.add(new LogEntry(1, command));
                    }
                    log.append(index, batch);
                    index += 16;
                }
                log.commitIndex(index - 1);
                long started = System.nanoTime();
                log.setSnapshot(ByteBuffer.wrap(snapshot));
                long written = System.nanoTime();
                log.truncate(index - 1);
                long compacted = System.nanoTime();
                System.out.printf("%-19s %2d MB round %d: snapshot written in %5.2f ms, log compacted in %6.2f ms%n",
                        name, megabytes, round, (written - started) / 1e6, (compacted - written) / 1e6);
                assertThat(log.get(index - 1)).isNotNull();
            }
        } finally {
            log.close();
        }
    }
}
