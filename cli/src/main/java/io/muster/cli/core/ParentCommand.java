package io.muster.cli.core;

import java.util.List;

/**
 * A command that only groups subcommands ({@code kv}, {@code operator raft}). Run without a subcommand it prints
 * its usage and the subcommand list to stderr and exits 1, as Consul's CLI does; with -h to stdout and exits 0.
 */
public final class ParentCommand implements Command {
    private final String synopsis;
    private final String helpText;
    private final String subcommands;

    public ParentCommand(String synopsis, String helpText, String subcommands) {
        this.synopsis = synopsis;
        this.helpText = helpText;
        this.subcommands = subcommands;
    }

    @Override
    public String synopsis() {
        return synopsis;
    }

    @Override
    public String help() {
        return helpText.strip() + "\n\nSubcommands:\n" + subcommands;
    }

    @Override
    public int run(List<String> args, Io io) {
        if (!args.isEmpty() && (args.get(0).equals("-h") || args.get(0).equals("-help")
                || args.get(0).equals("--help"))) {
            io.out().print(help());
            return 0;
        }
        if (!args.isEmpty()) {
            io.err().println("Unknown subcommand \"" + args.get(0) + "\".");
        }
        io.err().print(help());
        return 1;
    }
}
