package io.muster.cli.operator;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.ApiResponse;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/** `snapshot save FILE`: GET /v1/snapshot into a temporary file, renamed into place once complete. */
public final class SnapshotSaveCommand extends ApiCommand {

    public SnapshotSaveCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Saves snapshot of Consul server state";
    }

    @Override
    protected String helpText() {
        return "Usage: muster snapshot save [options] FILE\n\n"
                + "  Retrieves an atomic, point-in-time snapshot of the state of the Consul servers\n"
                + "  which includes key/value entries, service catalog, prepared queries, sessions,\n"
                + "  and ACLs.\n\n"
                + "  To create a snapshot from the leader server and save it to \"backup.snap\":\n\n"
                + "      $ muster snapshot save backup.snap";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (args.size() != 1) {
            throw new UsageException(args.isEmpty() ? "Missing FILE argument"
                    : "Too many arguments (expected 1, got " + args.size() + ")");
        }
        Path target = io.resolve(args.get(0));
        ApiResponse response;
        try {
            response = client(io).get("/v1/snapshot", Map.of());
        } catch (ApiException e) {
            throw new CliException("Error saving snapshot: " + e.getMessage());
        }
        Path partial = target.resolveSibling(target.getFileName() + ".unverified");
        try {
            Files.write(partial, response.body());
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("Error writing snapshot file " + target + ": " + e.getMessage());
        }
        // Consul re-reads the archive before claiming "verified"; say so only when meta.json reads back.
        boolean verified;
        try {
            verified = !SnapshotInspectCommand.metaJson(response.body()).isEmpty();
        } catch (IOException e) {
            verified = false;
        }
        io.out().println((verified ? "Saved and verified snapshot to index " : "Saved snapshot to index ")
                + response.index());
        return 0;
    }
}
