package io.muster.cli.cluster;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;

/**
 * `exec`: Consul's remote execution. Muster agents ship with disable_remote_exec = true and do not run remote
 * exec jobs, so the command checks the agent's setting and refuses with the reason instead of firing an event
 * no agent would answer.
 */
public final class ExecCommand extends ApiCommand {

    public ExecCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Executes a command on Consul nodes";
    }

    @Override
    protected String helpText() {
        return "Usage: muster exec [options] [-|command...]\n\n"
                + "  Evaluates a command on remote Consul nodes. The nodes responding can\n"
                + "  be filtered using regular expressions on node name, service, and tag\n"
                + "  definitions. If a command is '-', stdin will be read until EOF\n"
                + "  and used as a script input.\n\n"
                + "  Muster agents do not run remote exec jobs: this command reports the agent's\n"
                + "  disable_remote_exec setting and exits 1.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (args.isEmpty()) {
            throw new UsageException("Must specify a command to execute");
        }
        Map<String, Object> self;
        try {
            self = Json.object(client(io).get("/v1/agent/self", Map.of()).json());
        } catch (ApiException e) {
            throw new CliException("Error querying Consul agent: " + e.getMessage());
        }
        Object disabled = Json.object(self.get("DebugConfig")).get("DisableRemoteExec");
        if (disabled == null) {
            disabled = Json.object(self.get("Config")).get("DisableRemoteExec");
        }
        String where = address(io).display();
        if (!Boolean.FALSE.equals(disabled)) {
            throw new CliException("Remote execution is disabled on the agent at " + where
                    + " (disable_remote_exec = true, the default). Run the command on the nodes with your "
                    + "deployment tooling instead.");
        }
        throw new CliException("The agent at " + where + " has disable_remote_exec = false, but Muster agents "
                + "do not run remote exec jobs; run the command on the nodes with your deployment tooling.");
    }
}
