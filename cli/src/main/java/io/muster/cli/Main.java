package io.muster.cli;

import io.muster.cli.core.Io;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Entry point of `bin/muster` (everything except `muster agent`, which the script routes to the agent). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Io io = new Io(System.in, out, err, System.getenv(), Path.of("").toAbsolutePath());
        int status = Cli.run(Arrays.asList(args), io);
        out.flush();
        err.flush();
        System.exit(status);
    }
}
