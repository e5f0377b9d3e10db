package io.muster.checks;

import io.muster.spi.check.CheckResult;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ScriptCheckTypeTest {
    private final ScriptCheckType type = new ScriptCheckType();
    private final TestEnvironment env = new TestEnvironment();

    @AfterEach
    void close() {
        env.close();
    }

    private CheckResult run(Map<String, Object> options, Duration timeout) {
        CheckDefinition def = TestEnvironment.check("mem", Duration.ofSeconds(10), timeout, options);
        type.validate(def, env, true);
        return type.create(def, env).run().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Test
    void exitCodesMapToStatuses() {
        assertThat(run(Map.of("args", List.of("/bin/sh", "-c", "echo fine; echo warn-out 1>&2; exit 0")), null))
                .isEqualTo(CheckResult.passing("fine\nwarn-out\n"));
        assertThat(run(Map.of("args", List.of("/bin/sh", "-c", "exit 1")), null).status()).isEqualTo(HealthStatus.WARNING);
        assertThat(run(Map.of("script", "echo broken; exit 2"), null)).isEqualTo(CheckResult.critical("broken\n"));
    }

    @Test
    void argsRunWithoutAShell() {
        CheckResult r = run(Map.of("args", List.of("echo", "$HOME", "a b")), null);
        assertThat(r.output()).isEqualTo("$HOME a b\n");
    }

    @Test
    void aMissingProgramIsCritical() {
        CheckResult r = run(Map.of("args", List.of("/nonexistent/check")), null);
        assertThat(r.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(r.output()).startsWith("Failed to run /nonexistent/check");
    }

    @Test
    void aScriptPastItsTimeoutIsKilledWithItsChild(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        CheckResult r = run(Map.of("args", List.of("/bin/sh", "-c",
                "sleep 60 & echo $! > " + pidFile + "; wait")), Duration.ofMillis(700));
        assertThat(r).isEqualTo(CheckResult.critical("Timed out (700ms) running check"));
        long childPid = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(childPid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void outputKeepsTheLastFourKilobytesLikeConsul() {
        byte[] big = ("a".repeat(5000) + "END").getBytes();
        String out = ScriptCheckType.readTail(new ByteArrayInputStream(big));
        assertThat(out).startsWith("Captured 4096 of 5003 bytes\n...\n").endsWith("END");
        assertThat(out.length()).isEqualTo("Captured 4096 of 5003 bytes\n...\n".length() + 4096);
    }

    @Test
    void scriptsNeedTheAgentsPermission() {
        CheckDefinition def = TestEnvironment.check("mem", Duration.ofSeconds(10), null, Map.of("args", List.of("true")));
        try (TestEnvironment none = new TestEnvironment(false, false, null);
             TestEnvironment localOnly = new TestEnvironment(false, true, null)) {
            assertThatThrownBy(() -> type.validate(def, none, true)).hasMessage(
                    "Scripts are disabled on this agent; to enable, configure 'enable_script_checks' or 'enable_local_script_checks' to true");
            type.validate(def, localOnly, true);
            assertThatThrownBy(() -> type.validate(def, localOnly, false)).hasMessage(
                    "Scripts are disabled on this agent from remote calls; to enable, configure 'enable_script_checks' to true");
        }
        type.validate(def, env, false);
        assertThatThrownBy(() -> type.validate(TestEnvironment.check("mem", Duration.ofSeconds(10), null,
                Map.of("args", "true")), env, true)).hasMessageContaining("must be a list of strings");
    }
}
