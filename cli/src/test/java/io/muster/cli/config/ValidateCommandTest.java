package io.muster.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.cli.testkit.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    @Test
    void validDirectoryPassesWithConsulsMessage() throws IOException {
        Files.writeString(dir.resolve("agent.json"), "{\"datacenter\": \"dc1\", \"server\": true, "
                + "\"bootstrap_expect\": 3}");
        Files.writeString(dir.resolve("web.json"), "{\"service\": {\"name\": \"web\", \"port\": 8080}}");
        CliRunner.Result result = cli.run("validate", dir.toString());
        assertThat(result.err()).doesNotContain("failed");
        assertThat(result.out()).isEqualTo("Configuration is valid!\n");
        assertThat(result.code()).isZero();
        assertThat(cli.run("validate", "-quiet", dir.toString()).out()).isEmpty();
    }

    @Test
    void configtestTakesTheOldConfigDirFlag() throws IOException {
        Files.writeString(dir.resolve("agent.json"), "{\"datacenter\": \"dc1\"}");
        CliRunner.Result result = cli.run("configtest", "-config-dir=" + dir);
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("Configuration is valid!\n");
    }

    @Test
    void invalidFileFailsNamingTheProblem() throws IOException {
        Files.writeString(dir.resolve("broken.json"), "{\"datacenter\": ");
        CliRunner.Result result = cli.run("validate", dir.resolve("broken.json").toString());
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("Config validation failed: ").contains("broken.json");
    }

    @Test
    void needsAtLeastOnePath() {
        CliRunner.Result result = cli.run("validate");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("Must specify at least one config file or directory");
    }
}
