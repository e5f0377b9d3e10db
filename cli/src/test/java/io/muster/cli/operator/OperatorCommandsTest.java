package io.muster.cli.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.cli.testkit.CliRunner;
import io.muster.cli.testkit.FakeAgent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorCommandsTest {
    @TempDir
    Path dir;

    private FakeAgent agent;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent();
        cli = CliRunner.against(agent).workingDir(dir);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void listPeersTable() {
        agent.on("GET /v1/operator/raft/configuration", "{\"Servers\":[{\"ID\":\"e3ea\",\"Node\":\"s1\","
                + "\"Address\":\"10.0.0.1:8300\",\"Leader\":true,\"Voter\":true,\"ProtocolVersion\":\"3\"},"
                + "{\"ID\":\"a1b2c3\",\"Node\":\"server-two\",\"Address\":\"10.0.0.2:8300\",\"Leader\":false,"
                + "\"Voter\":true,\"ProtocolVersion\":\"3\"}],\"Index\":9}");
        agent.on("GET /v1/operator/autopilot/health", "{\"Healthy\":true,\"Servers\":[{\"ID\":\"e3ea\","
                + "\"LastIndex\":120},{\"ID\":\"a1b2c3\",\"LastIndex\":117}]}");
        assertThat(cli.run("operator", "raft", "list-peers").out()).isEqualTo(""
                + "Node        ID      Address        State     Voter  RaftProtocol  Commit Index  Trails Leader By\n"
                + "s1          e3ea    10.0.0.1:8300  leader    true   3             120           _\n"
                + "server-two  a1b2c3  10.0.0.2:8300  follower  true   3             117           3 Commits\n");
    }

    @Test
    void listPeersReadsCommitIndexesFromAnUnhealthyClustersAutopilotAnswer() {
        agent.on("GET /v1/operator/raft/configuration", "{\"Servers\":[{\"ID\":\"e3ea\",\"Node\":\"s1\","
                + "\"Address\":\"10.0.0.1:8300\",\"Leader\":true,\"Voter\":true,\"ProtocolVersion\":\"3\"}],\"Index\":9}");
        agent.on("GET /v1/operator/autopilot/health", request -> new FakeAgent.Answer(429,
                "{\"Healthy\":false,\"Servers\":[{\"ID\":\"e3ea\",\"LastIndex\":120}]}", 1));
        var result = cli.run("operator", "raft", "list-peers");
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("leader  true   3             120");
    }

    @Test
    void removePeerByAddressOrId() {
        agent.on("DELETE /v1/operator/raft/peer", "");
        assertThat(cli.run("operator", "raft", "remove-peer", "-address=10.0.0.2:8300").out())
                .isEqualTo("Removed peer with address \"10.0.0.2:8300\"\n");
        assertThat(agent.last("DELETE", "/v1/operator/raft/peer").query()).isEqualTo("address=10.0.0.2%3A8300");
        assertThat(cli.run("operator", "raft", "remove-peer").err()).contains("Must specify one of -address or -id");
    }

    @Test
    void autopilotGetAndSetWithCas() {
        agent.on("GET /v1/operator/autopilot/configuration", "{\"CleanupDeadServers\":true,"
                + "\"LastContactThreshold\":\"200ms\",\"MaxTrailingLogs\":250,\"MinQuorum\":0,"
                + "\"ServerStabilizationTime\":\"10s\",\"RedundancyZoneTag\":\"\",\"DisableUpgradeMigration\":false,"
                + "\"UpgradeVersionTag\":\"\",\"CreateIndex\":4,\"ModifyIndex\":4}");
        assertThat(cli.run("operator", "autopilot", "get-config").out()).isEqualTo("CleanupDeadServers = true\n"
                + "LastContactThreshold = 200ms\nMaxTrailingLogs = 250\nMinQuorum = 0\n"
                + "ServerStabilizationTime = 10s\nRedundancyZoneTag = \"\"\nDisableUpgradeMigration = false\n"
                + "UpgradeVersionTag = \"\"\n");
        agent.on("PUT /v1/operator/autopilot/configuration", "true");
        CliRunner.Result set = cli.run("operator", "autopilot", "set-config", "-cleanup-dead-servers=false",
                "-last-contact-threshold=1s500ms");
        assertThat(set.out()).isEqualTo("Configuration updated!\n");
        FakeAgent.Request put = agent.last("PUT", "/v1/operator/autopilot/configuration");
        assertThat(put.query()).isEqualTo("cas=4");
        assertThat(put.body()).contains("\"CleanupDeadServers\":false").contains("\"LastContactThreshold\":\"1500ms\"")
                .contains("\"MaxTrailingLogs\":250");
    }

    @Test
    void snapshotSaveInspectRestore() throws IOException {
        byte[] archive = snapshotArchive("{\"ID\":\"2-5-1477944140022\",\"Size\":667,\"Index\":5,\"Term\":2,"
                + "\"Version\":1}");
        agent.on("GET /v1/snapshot", request -> FakeAgent.Answer.bytes(archive, 5));
        CliRunner.Result saved = cli.run("snapshot", "save", "backup.snap");
        assertThat(saved.out()).isEqualTo("Saved and verified snapshot to index 5\n");
        CliRunner.Result inspected = cli.run("snapshot", "inspect", "backup.snap");
        assertThat(inspected.out()).isEqualTo(" ID       2-5-1477944140022\n Size     667\n Index    5\n"
                + " Term     2\n Version  1\n");
        agent.on("PUT /v1/snapshot", "");
        assertThat(cli.run("snapshot", "restore", "backup.snap").out()).isEqualTo("Restored snapshot\n");
        assertThat(agent.last("PUT", "/v1/snapshot").body()).isNotEmpty();
        Files.writeString(dir.resolve("junk.snap"), "junk");
        assertThat(cli.run("snapshot", "inspect", "junk.snap").err()).startsWith("Error verifying snapshot");
    }

    /** A gzip-compressed tar with one meta.json entry, the layout of Consul's snapshot archives. */
    private static byte[] snapshotArchive(String meta) throws IOException {
        byte[] content = meta.getBytes(StandardCharsets.UTF_8);
        byte[] header = new byte[512];
        byte[] name = "meta.json".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 0, name.length);
        byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(header);
            gzip.write(content);
            gzip.write(new byte[512 - content.length % 512]);
            gzip.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }
}
