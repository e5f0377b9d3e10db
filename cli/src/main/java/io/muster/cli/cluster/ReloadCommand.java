package io.muster.cli.cluster;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;

/** `reload`: PUT /v1/agent/reload. */
public final class ReloadCommand extends ApiCommand {

    public ReloadCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Triggers the agent to reload configuration files";
    }

    @Override
    protected String helpText() {
        return "Usage: muster reload [options]\n\n"
                + "  Causes the agent to reload configurations. This can be used instead\n"
                + "  of sending the SIGHUP signal to the agent.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        try {
            client(io).put("/v1/agent/reload", Map.of(), null);
        } catch (ApiException e) {
            throw new CliException("Error reloading: " + e.getMessage());
        }
        io.out().println("Configuration reload triggered");
        return 0;
    }
}
