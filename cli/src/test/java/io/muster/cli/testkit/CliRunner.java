package io.muster.cli.testkit;

import io.muster.cli.Cli;
import io.muster.cli.core.Command;
import io.muster.cli.core.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with captured streams and a controlled environment. */
public final class CliRunner {
    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";
    private Path workingDir = Path.of("").toAbsolutePath();

    /** A runner whose environment points at the fake agent (CONSUL_HTTP_ADDR). */
    public static CliRunner against(FakeAgent agent) {
        return new CliRunner().env("CONSUL_HTTP_ADDR", agent.address());
    }

    public CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliRunner stdin(String text) {
        this.stdin = text;
        return this;
    }

    public CliRunner workingDir(Path dir) {
        this.workingDir = dir;
        return this;
    }

    /** The outcome of one run. */
    public record Result(int code, String out, String err) {
    }

    public Result run(String... args) {
        return execute(io -> Cli.run(Arrays.asList(args), io));
    }

    /** Runs one command object directly (for package-private test constructors). */
    public Result run(Command command, String... args) {
        return execute(io -> command.run(List.of(args), io));
    }

    private Result execute(java.util.function.ToIntFunction<Io> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Io io = new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), outStream, errStream,
                environment, workingDir);
        int code = body.applyAsInt(io);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
