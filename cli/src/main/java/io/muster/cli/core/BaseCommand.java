package io.muster.cli.core;

import java.util.List;

/**
 * Flag parsing, help and error reporting shared by every command. Exit statuses follow Consul: 0 on success,
 * 1 on any error including bad flags or arguments (Consul's commands parse with ContinueOnError and return 1);
 * -h prints the usage to stdout and exits 0.
 */
public abstract class BaseCommand implements Command {
    protected final FlagSet flags = new FlagSet();

    /** Consul's help text: the "Usage: ..." line and a description; flag sections are appended. */
    protected abstract String helpText();

    protected abstract int execute(List<String> args, Io io) throws CliException, UsageException;

    @Override
    public String help() {
        return flags.usage(helpText());
    }

    @Override
    public final int run(List<String> args, Io io) {
        List<String> rest;
        try {
            rest = flags.parse(args);
        } catch (UsageException e) {
            if (e.helpRequested()) {
                io.out().print(help());
                return 0;
            }
            io.err().println(e.getMessage());
            io.err().print(help());
            return 1;
        }
        try {
            return execute(rest, io);
        } catch (UsageException | CliException e) {
            io.err().println(e.getMessage());
            return 1;
        }
    }
}
