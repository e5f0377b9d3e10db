package io.muster.checks;

import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckResult;
import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthStatus;
import org.pf4j.Extension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Script checks ({@code args}, or the legacy {@code script} run through {@code /bin/sh -c}): exit 0 is passing,
 * 1 warning, anything else critical (Consul's CheckMonitor). A run that outlives its timeout is killed together
 * with its descendants.
 */
@Extension
public class ScriptCheckType implements CheckType {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final String DISABLED_LOCAL = "Scripts are disabled on this agent; to enable, configure "
            + "'enable_script_checks' or 'enable_local_script_checks' to true";
    static final String DISABLED_REMOTE = "Scripts are disabled on this agent from remote calls; to enable, configure "
            + "'enable_script_checks' to true";

    @Override
    public String name() {
        return "script";
    }

    @Override
    public boolean accepts(CheckDefinition definition) {
        return definition.option("args").isPresent() || definition.option("script").isPresent();
    }

    @Override
    public void validate(CheckDefinition definition, CheckEnvironment environment, boolean fromLocalConfig) {
        CheckOptions.requireInterval(definition);
        if (command(definition).isEmpty()) {
            throw new IllegalArgumentException(CheckOptions.describe(definition)
                    + ": args must name a program, e.g. [\"/usr/local/bin/check_mem.py\", \"-limit\", \"256MB\"]");
        }
        // Consul: config-file checks need either switch; API-registered ones need enable_script_checks.
        if (fromLocalConfig && !environment.scriptChecksEnabled() && !environment.localScriptChecksEnabled()) {
            throw new IllegalArgumentException(DISABLED_LOCAL);
        }
        if (!fromLocalConfig && !environment.scriptChecksEnabled()) {
            throw new IllegalArgumentException(DISABLED_REMOTE);
        }
    }

    static List<String> command(CheckDefinition definition) {
        List<String> args = CheckOptions.strings(definition, "args");
        if (!args.isEmpty()) {
            return args;
        }
        return CheckOptions.string(definition, "script").map(s -> List.of("/bin/sh", "-c", s)).orElse(List.of());
    }

    @Override
    public CheckProbe create(CheckDefinition definition, CheckEnvironment environment) {
        List<String> command = command(definition);
        Duration timeout = CheckOptions.timeout(definition, DEFAULT_TIMEOUT);
        return () -> {
            CompletableFuture<CheckResult> result = new CompletableFuture<>();
            environment.blockingExecutor().execute(() -> start(command, timeout, environment, result));
            return result;
        };
    }

    private static void start(List<String> command, Duration timeout, CheckEnvironment environment,
                              CompletableFuture<CheckResult> result) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException | RuntimeException e) {
            result.complete(CheckResult.critical("Failed to run " + command.get(0) + ": " + e.getMessage()));
            return;
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> timer = environment.scheduler().schedule(() -> {
            timedOut.set(true);
            killTree(process);
            // Complete now: a grandchild that escaped the kill may hold the output pipe open indefinitely.
            result.complete(timedOutResult(timeout));
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readTail(process.getInputStream()),
                environment.blockingExecutor());
        process.onExit().thenCombine(output, (exited, text) -> {
            timer.cancel(false);
            if (timedOut.get()) {
                return timedOutResult(timeout);
            }
            int code = exited.exitValue();
            HealthStatus status = code == 0 ? HealthStatus.PASSING : code == 1 ? HealthStatus.WARNING : HealthStatus.CRITICAL;
            return new CheckResult(status, text);
        }).whenComplete((verdict, error) -> result.complete(error == null ? verdict
                : CheckResult.critical("Failed to run " + command.get(0) + ": " + error.getMessage())));
    }

    private static CheckResult timedOutResult(Duration timeout) {
        return CheckResult.critical("Timed out (" + CheckOptions.describeDuration(timeout) + ") running check");
    }

    /** Kills descendants first: once the parent is gone its children are re-parented and no longer found. */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Reads the merged stdout/stderr to its end, keeping the last 4 KB as Consul's circular buffer does, with
     * Consul's "Captured N of M bytes" note when it had to drop the start.
     */
    static String readTail(InputStream in) {
        byte[] ring = new byte[CheckOptions.MAX_OUTPUT];
        long total = 0;
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                for (int i = 0; i < n; i++) {
                    ring[(int) ((total + i) % ring.length)] = chunk[i];
                }
                total += n;
            }
        } catch (IOException e) {
            return "Failed to read check output: " + e.getMessage();
        }
        if (total <= ring.length) {
            return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream ordered = new ByteArrayOutputStream(ring.length);
        int start = (int) (total % ring.length);
        ordered.write(ring, start, ring.length - start);
        ordered.write(ring, 0, start);
        return "Captured " + ring.length + " of " + total + " bytes\n...\n" + ordered.toString(StandardCharsets.UTF_8);
    }
}
