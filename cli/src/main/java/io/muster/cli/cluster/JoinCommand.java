package io.muster.cli.cluster;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;

/** `join`: PUT /v1/agent/join/:address for each address (command/join). */
public final class JoinCommand extends ApiCommand {
    private final FlagSet.Flag<Boolean> wan = flags.bool("wan",
            "Joins a server to another server in the WAN pool.");

    public JoinCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Tell Consul agent to join cluster";
    }

    @Override
    protected String helpText() {
        return "Usage: muster join [options] address ...\n\n"
                + "  Tells a running agent (with \"muster agent\") to join the cluster\n"
                + "  by specifying at least one existing member.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (args.isEmpty()) {
            io.err().println("At least one address to join must be specified.");
            io.err().println();
            io.err().print(help());
            return 1;
        }
        ApiClient client = client(io);
        Map<String, String> query = wan.get() ? Map.of("wan", "1") : Map.of();
        int joined = 0;
        for (String address : args) {
            try {
                client.put("/v1/agent/join/" + address, query, null);
                joined++;
            } catch (ApiException e) {
                io.err().println("Error joining address '" + address + "': " + e.getMessage());
            }
        }
        if (joined == 0) {
            io.err().println("Failed to join any nodes.");
            return 1;
        }
        io.out().println("Successfully joined cluster by contacting " + joined + " nodes.");
        return 0;
    }
}
