package io.muster.cli.cluster;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `force-leave`: PUT /v1/agent/force-leave/:node, optionally pruning it from the member list. */
public final class ForceLeaveCommand extends ApiCommand {
    private final FlagSet.Flag<Boolean> prune = flags.bool("prune",
            "Remove agent forcibly from list of members");
    private final FlagSet.Flag<Boolean> wan = flags.bool("wan",
            "Exclusively leave the agent from the WAN serf pool.");

    public ForceLeaveCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Forces a member of the cluster to enter the \"left\" state";
    }

    @Override
    protected String helpText() {
        return "Usage: muster force-leave [options] name\n\n"
                + "  Forces a member of a Consul cluster to enter the \"left\" state. Note\n"
                + "  that if the member is still actually alive, it will eventually rejoin\n"
                + "  the cluster. This command is most useful for cleaning out \"failed\" nodes\n"
                + "  that are never coming back. If you do not force leave a failed node,\n"
                + "  Consul will attempt to reconnect to those failed nodes for some period of\n"
                + "  time before eventually reaping them.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (args.size() != 1) {
            io.err().println("A single node name must be specified to force leave.");
            io.err().print(help());
            return 1;
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (prune.get()) {
            query.put("prune", "1");
        }
        if (wan.get()) {
            query.put("wan", "1");
        }
        try {
            client(io).put("/v1/agent/force-leave/" + args.get(0), query, null);
        } catch (ApiException e) {
            throw new CliException("Error force leaving: " + e.getMessage());
        }
        return 0;
    }
}
