package io.muster.cli.kv;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.ApiResponse;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `kv delete`: DELETE /v1/kv/:key, a whole prefix with -recurse, or check-and-set with -cas. */
public final class KvDeleteCommand extends ApiCommand {
    private final FlagSet.Flag<Boolean> cas = flags.bool("cas",
            "Perform a Check-And-Set operation. Specifying this value also requires the -modify-index flag "
                    + "to be set. The default value is false.");
    private final FlagSet.Flag<Long> modifyIndex = flags.integer("modify-index", 0,
            "Unsigned integer representing the ModifyIndex of the key. This is used in combination with the "
                    + "-cas flag.");
    private final FlagSet.Flag<Boolean> recurse = flags.bool("recurse",
            "Recursively delete all keys with the path. The default value is false.");

    public KvDeleteCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Removes data from the KV store";
    }

    @Override
    protected String helpText() {
        return "Usage: muster kv delete [options] KEY_OR_PREFIX\n\n"
                + "  Removes the value from Consul's key-value store at the given path. If no\n"
                + "  key exists at the path, no action is taken.\n\n"
                + "  To delete the value for the key named \"foo\" in the key-value store:\n\n"
                + "      $ muster kv delete foo\n\n"
                + "  To delete all keys which start with \"foo\", specify the -recurse option:\n\n"
                + "      $ muster kv delete -recurse foo";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (args.size() > 1) {
            throw new UsageException("Too many arguments (expected 1, got " + args.size() + ")");
        }
        String key = args.isEmpty() ? "" : args.get(0);
        // Keys never start with '/'; like Consul, forgive one typed out of habit.
        if (key.startsWith("/")) {
            key = key.substring(1);
        }
        if (key.isEmpty() && !recurse.get()) {
            throw new UsageException("Error! Missing KEY argument");
        }
        if (cas.get() && modifyIndex.get() == 0) {
            throw new UsageException("Cannot delete a key that does not exist. Provide a -modify-index greater "
                    + "than than 0.");
        }
        if (modifyIndex.get() != 0 && !cas.get()) {
            throw new UsageException("Cannot specify -modify-index without -cas!");
        }
        if (cas.get() && recurse.get()) {
            throw new UsageException("Cannot specify both -cas and -recurse!");
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (recurse.get()) {
            query.put("recurse", "");
        }
        if (cas.get()) {
            query.put("cas", String.valueOf(modifyIndex.get()));
        }
        ApiResponse response;
        try {
            response = client(io).delete("/v1/kv/" + key, query);
        } catch (ApiException e) {
            throw new CliException(recurse.get() ? "Error! Did not delete prefix " + key + ": " + e.getMessage()
                    : cas.get() ? "Error! Did not delete key " + key + ": " + e.getMessage()
                    : "Error deleting key " + key + ": " + e.getMessage());
        }
        if (cas.get() && !response.text().strip().equals("true")) {
            throw new CliException("Error! Did not delete key " + key + ": CAS failed");
        }
        io.out().println(recurse.get() ? "Success! Deleted keys with prefix: " + key
                : "Success! Deleted key: " + key);
        return 0;
    }
}
