package io.muster.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.cli.testkit.CliRunner;
import org.junit.jupiter.api.Test;

class CliDispatchTest {
    private final CliRunner cli = new CliRunner().env("CONSUL_HTTP_ADDR", "127.0.0.1:1");

    @Test
    void helpListsCommandsAndExitsZero() {
        CliRunner.Result result = cli.run("-h");
        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith("Usage: muster [--version] [--help] <command> [<args>]")
                .contains("    members        Lists the members of a Consul cluster\n")
                .contains("    kv             Interact with the key-value store\n")
                .doesNotContain("configtest").doesNotContain("kv get");
    }

    @Test
    void unknownOrMissingCommandExits127LikeConsul() {
        CliRunner.Result unknown = cli.run("frobnicate");
        assertThat(unknown.code()).isEqualTo(127);
        assertThat(unknown.err()).contains("Unknown command: \"frobnicate\"").contains("Available commands are:");
        assertThat(cli.run().code()).isEqualTo(127);
    }

    @Test
    void parentCommandWithoutSubcommandPrintsSubcommandsAndExitsOne() {
        CliRunner.Result result = cli.run("kv");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("Subcommands:").contains("    get       Retrieves or lists data");
        CliRunner.Result help = cli.run("operator", "raft", "-h");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("list-peers").contains("remove-peer");
    }

    @Test
    void commandHelpGoesToStdoutWithHttpOptions() {
        CliRunner.Result result = cli.run("members", "-h");
        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith("Usage: muster members [options]")
                .contains("HTTP API Options").contains("  -http-addr=<address>").contains("  -detailed");
    }

    @Test
    void badFlagPrintsErrorAndUsageAndExitsOne() {
        CliRunner.Result result = cli.run("members", "-bogus");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("flag provided but not defined: -bogus\nUsage: muster members");
    }

    @Test
    void versionFlagRunsVersionWithoutAnAgent() {
        CliRunner.Result result = cli.run("--version");
        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith("Muster v").contains("\nConsul-compatible API v1.");
        assertThat(result.out()).doesNotContain("Plugins");
    }
}
