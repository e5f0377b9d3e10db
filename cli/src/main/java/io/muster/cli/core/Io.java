package io.muster.cli.core;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch besides the agent: its standard streams, the environment (CONSUL_HTTP_ADDR and
 * friends) and the directory relative paths resolve against. Tests pass their own.
 */
public record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workingDir) {

    public String env(String name) {
        String value = env.get(name);
        return value == null ? "" : value;
    }

    public Path resolve(String path) {
        return workingDir.resolve(path);
    }
}
