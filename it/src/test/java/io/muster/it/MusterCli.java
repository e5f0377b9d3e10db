package io.muster.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the dist's {@code bin/muster} as a process: exit code and stdout+stderr together. */
final class MusterCli {
    record Result(int exitCode, String output) {
    }

    private MusterCli() {
    }

    static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(AgentProcess.dist().resolve("bin/muster").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("muster " + String.join(" ", args) + " finishes").isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
