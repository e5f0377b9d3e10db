package io.muster.kernel.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirTest {
    @TempDir
    Path tmp;

    @Test
    void createsMissingDirectoriesAndLocksThem() throws Exception {
        Path dir = tmp.resolve("a/b/data");
        try (DataDir dataDir = DataDir.open(dir)) {
            assertThat(dataDir.path()).isDirectory();
            assertThatThrownBy(() -> DataDir.open(dir))
                    .isInstanceOf(DataDirException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("in use");
        }
        try (DataDir again = DataDir.open(dir)) {
            assertThat(again.path()).isEqualTo(dir);
        }
    }

    @Test
    void nodeIdIsGeneratedOnceThenPersisted() throws Exception {
        String first;
        try (DataDir dataDir = DataDir.open(tmp)) {
            first = dataDir.nodeId(null, false);
            assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        }
        try (DataDir dataDir = DataDir.open(tmp)) {
            assertThat(dataDir.nodeId(null, false)).isEqualTo(first);
            assertThat(Files.readString(tmp.resolve("node-id"))).isEqualTo(first);
        }
    }

    @Test
    void configuredNodeIdWinsAndIsLowerCased() throws Exception {
        try (DataDir dataDir = DataDir.open(tmp)) {
            assertThat(dataDir.nodeId("ADF4238A-882B-9DDC-4A9D-5B6758E4159E", false))
                    .isEqualTo("adf4238a-882b-9ddc-4a9d-5b6758e4159e");
            assertThatThrownBy(() -> dataDir.nodeId("not-a-uuid", false))
                    .isInstanceOf(DataDirException.class).hasMessageContaining("not-a-uuid").hasMessageContaining("-node-id");
        }
    }

    @Test
    void corruptPersistedNodeIdIsAnErrorNamingTheFile() throws Exception {
        Files.writeString(tmp.resolve("node-id"), "garbage");
        try (DataDir dataDir = DataDir.open(tmp)) {
            assertThatThrownBy(() -> dataDir.nodeId(null, false))
                    .isInstanceOf(DataDirException.class).hasMessageContaining(tmp.resolve("node-id").toString());
        }
    }

    @Test
    void hostBasedNodeIdIsStable() throws Exception {
        assertThat(DataDir.hostNodeId()).isEqualTo(DataDir.hostNodeId());
    }

    @Test
    void pidFileHoldsOurPidAndIsRemovedOnClose() throws Exception {
        Path pid = tmp.resolve("run/agent.pid");
        try (PidFile ignored = PidFile.write(pid)) {
            assertThat(Files.readString(pid)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
        assertThat(pid).doesNotExist();
    }
}
