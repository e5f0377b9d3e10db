package io.muster.cli.core;

import java.util.List;

/** One `muster` subcommand. Implementations are created per run and used once. */
public interface Command {

    /** One line for the command list in `muster -h`. */
    String synopsis();

    /** The full usage text printed by -h. */
    String help();

    /** Runs with the arguments after the command's name; returns the process exit status. */
    int run(List<String> args, Io io);
}
