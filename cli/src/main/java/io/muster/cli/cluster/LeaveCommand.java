package io.muster.cli.cluster;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;

/** `leave`: PUT /v1/agent/leave, the agent leaves the cluster gracefully and shuts down. */
public final class LeaveCommand extends ApiCommand {

    public LeaveCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Gracefully leaves the Consul cluster and shuts down";
    }

    @Override
    protected String helpText() {
        return "Usage: muster leave [options]\n\n"
                + "  Causes the agent to gracefully leave the Consul cluster and shutdown.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (!args.isEmpty()) {
            io.err().println("Error found unexpected args: [" + String.join(" ", args) + "]");
            io.out().print(help());
            return 1;
        }
        try {
            client(io).put("/v1/agent/leave", Map.of(), null);
        } catch (ApiException e) {
            throw new CliException("Error leaving: " + e.getMessage());
        }
        io.out().println("Graceful leave complete");
        return 0;
    }
}
