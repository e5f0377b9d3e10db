package io.muster.cli.operator;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;

/** `operator raft remove-peer`: DELETE /v1/operator/raft/peer?address= or ?id=. */
public final class RaftRemovePeerCommand extends ApiCommand {
    private final FlagSet.Flag<String> address = flags.string("address", "",
            "The address to remove from the Raft configuration.");
    private final FlagSet.Flag<String> id = flags.string("id", "",
            "The ID to remove from the Raft configuration.");

    public RaftRemovePeerCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Remove a Consul server from the Raft configuration";
    }

    @Override
    protected String helpText() {
        return "Usage: muster operator raft remove-peer [options]\n\n"
                + "  Remove the Consul server with given -address from the Raft configuration.\n\n"
                + "  There are rare cases where a peer may be left behind in the Raft quorum even\n"
                + "  though the server is no longer present and known to the cluster. This command\n"
                + "  can be used to remove the failed server so that it is no longer affects the Raft\n"
                + "  quorum. If the server still shows in the output of the \"muster members\" command,\n"
                + "  it is preferable to clean up by simply running \"muster force-leave\" instead of\n"
                + "  this command.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (address.get().isEmpty() == id.get().isEmpty()) {
            throw new UsageException("Error removing peer: Must specify one of -address or -id");
        }
        boolean byAddress = !address.get().isEmpty();
        try {
            client(io).delete("/v1/operator/raft/peer",
                    byAddress ? Map.of("address", address.get()) : Map.of("id", id.get()));
        } catch (ApiException e) {
            throw new CliException("Error removing peer: " + e.getMessage());
        }
        io.out().println(byAddress ? "Removed peer with address \"" + address.get() + "\""
                : "Removed peer with id \"" + id.get() + "\"");
        return 0;
    }
}
