package io.muster.cli.kv;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.ApiResponse;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `kv export`: a prefix as a JSON array of {key, flags, value (base64)}, tab-indented as Consul writes it. */
public final class KvExportCommand extends ApiCommand {

    public KvExportCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Exports a tree from the KV store as JSON";
    }

    @Override
    protected String helpText() {
        return "Usage: muster kv export [KEY_OR_PREFIX]\n\n"
                + "  Retrieves key-value pairs for the given prefix from Consul's key-value store,\n"
                + "  and writes a JSON representation to stdout. This can be used with the command\n"
                + "  \"muster kv import\" to move entire trees between Consul clusters.\n\n"
                + "      $ muster kv export vault";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (args.size() > 1) {
            throw new UsageException("Too many arguments (expected 1, got " + args.size() + ")");
        }
        String prefix = args.isEmpty() ? "" : args.get(0);
        List<Object> exported = new ArrayList<>();
        try {
            ApiResponse response = client(io).getAllowMissing("/v1/kv/" + prefix, Map.of("recurse", ""));
            if (response.status() != 404) {
                for (KvPair pair : KvPair.fromJson(response.json())) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("key", pair.key());
                    entry.put("flags", pair.flags());
                    entry.put("value", pair.base64());
                    exported.add(entry);
                }
            }
        } catch (ApiException e) {
            throw new CliException("Error querying Consul agent: " + e.getMessage());
        }
        io.out().println(Json.writeIndented(exported, "\t"));
        return 0;
    }
}
