package io.muster.cli.operator;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;

/** `snapshot restore FILE`: PUT /v1/snapshot with the file as the body. */
public final class SnapshotRestoreCommand extends ApiCommand {

    public SnapshotRestoreCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Restores snapshot of Consul server state";
    }

    @Override
    protected String helpText() {
        return "Usage: muster snapshot restore [options] FILE\n\n"
                + "  Restores an atomic, point-in-time snapshot of the state of the Consul servers\n"
                + "  which includes key/value entries, service catalog, prepared queries, sessions,\n"
                + "  and ACLs.\n\n"
                + "  Restores involve a potentially dangerous low-level Raft operation that is not\n"
                + "  designed to handle server failures during a restore. This command is primarily\n"
                + "  intended to be used when recovering from a disaster, restoring into a fresh\n"
                + "  cluster of Consul servers.\n\n"
                + "      $ muster snapshot restore backup.snap";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (args.size() != 1) {
            throw new UsageException(args.isEmpty() ? "Missing FILE argument"
                    : "Too many arguments (expected 1, got " + args.size() + ")");
        }
        byte[] snapshot = readFile(io, args.get(0));
        try {
            client(io).put("/v1/snapshot", Map.of(), snapshot);
        } catch (ApiException e) {
            throw new CliException("Error restoring snapshot: " + e.getMessage());
        }
        io.out().println("Restored snapshot");
        return 0;
    }
}
