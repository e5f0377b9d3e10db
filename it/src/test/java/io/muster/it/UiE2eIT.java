package io.muster.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The web UI in a real browser: headless Debian Chromium, driven by {@code plugins/ui/e2e/e2e.mjs}
 * (playwright-core), against a dev agent of the assembled dist. The script asserts; this test only starts the
 * agent, installs the script's pinned dependencies and requires a zero exit. Screenshots land in
 * {@code it/target/ui-screenshots/}.
 */
class UiE2eIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String ADDRESS = "127.0.0.71";
    private static final Duration NPM_CI_LIMIT = Duration.ofMinutes(5);
    private static final Duration E2E_LIMIT = Duration.ofMinutes(6);

    @TempDir
    Path work;

    @Test
    void everyPageWorksInHeadlessChromiumAgainstARealAgent() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("UiE2eIT needs Debian's Chromium at " + CHROMIUM + " and it is missing: install it with "
                    + "`apt-get install -y chromium` (.ci/run does this on CI)");
        }
        Path e2e = Path.of(property("muster.ui.e2e"));
        Path screenshots = Path.of(property("muster.ui.screenshots"));

        Run install = run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"), e2e, Map.of(),
                NPM_CI_LIMIT, work.resolve("npm-ci.log"));
        assertThat(install.exitCode()).as("`npm ci` in %s failed:\n%s", e2e, install.output()).isZero();

        try (AgentProcess agent = AgentProcess.dev(work, ADDRESS)) {
            Run browser = run(List.of("node", "e2e.mjs", "http://" + ADDRESS + ":" + agent.httpPort()), e2e,
                    Map.of("MUSTER_E2E_SCREENSHOTS", screenshots.toString(), "CHROMIUM", CHROMIUM.toString()),
                    E2E_LIMIT, work.resolve("e2e.log"));
            // The timings and screenshot paths are the report even when every step passed.
            System.out.println(browser.output());
            assertThat(browser.exitCode())
                    .as("node e2e.mjs exited with %d (a timeout is -1):\n%s\n--- agent log ---\n%s",
                            browser.exitCode(), browser.output(), agent.output())
                    .isZero();
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run through `mvn verify` in it/");
        }
        return value;
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs a command to completion or until the limit, with its output in a file (no pipe to fill). */
    private static Run run(List<String> command, Path dir, Map<String, String> env, Duration limit, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            // The browser is a grandchild: end the whole tree, not only node.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        return new Run(finished ? process.exitValue() : -1,
                finished ? output : output + "\n(" + String.join(" ", command) + " did not finish within " + limit + ")");
    }
}
