package io.muster.cli.kv;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.ApiResponse;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `kv get`: one value, a prefix's pairs (-recurse) or its keys (-keys), raw or -detailed (command/kv/get). */
public final class KvGetCommand extends ApiCommand {
    private final FlagSet.Flag<Boolean> base64 = flags.bool("base64",
            "Base64 encode the value. The default value is false.");
    private final FlagSet.Flag<Boolean> detailed = flags.bool("detailed",
            "Provide additional metadata about the key in addition to the value such as the ModifyIndex and "
                    + "any flags that may have been set on the key. The default value is false.");
    private final FlagSet.Flag<Boolean> keys = flags.bool("keys",
            "List keys which start with the given prefix, but not their values. This is especially useful "
                    + "if you only need the key names themselves. This option is commonly combined with the "
                    + "-separator option. The default value is false.");
    private final FlagSet.Flag<Boolean> recurse = flags.bool("recurse",
            "Recursively look at all keys prefixed with the given path. The default value is false.");
    private final FlagSet.Flag<String> separator = flags.string("separator", "/",
            "String to use as a separator between keys. The default value is \"/\", but this option is only "
                    + "taken into account when paired with the -keys flag.");

    public KvGetCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Retrieves or lists data from the KV store";
    }

    @Override
    protected String helpText() {
        return "Usage: muster kv get [options] [KEY_OR_PREFIX]\n\n"
                + "  Retrieves the value from Consul's key-value store at the given key name. If no\n"
                + "  key exists with that name, an error is returned. If a key exists with that\n"
                + "  name but has no data, nothing is returned. If the name or prefix is omitted,\n"
                + "  it defaults to \"\" which is the root of the key-value store.\n\n"
                + "  To retrieve the value for the key named \"foo\" in the key-value store:\n\n"
                + "      $ muster kv get foo\n\n"
                + "  To list all keys and values under the prefix \"foo/\":\n\n"
                + "      $ muster kv get -recurse foo/";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        String key;
        if (args.isEmpty()) {
            key = "";
        } else if (args.size() == 1) {
            key = args.get(0);
        } else {
            throw new UsageException("Too many arguments (expected 1, got " + args.size() + ")");
        }
        // Keys never start with '/'; like Consul, forgive one typed out of habit.
        if (key.startsWith("/")) {
            key = key.substring(1);
        }
        if (key.isEmpty() && !keys.get() && !recurse.get()) {
            throw new UsageException("Error! Missing KEY argument");
        }
        ApiClient client = client(io);
        try {
            if (keys.get()) {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("keys", "");
                if (!separator.get().isEmpty()) {
                    query.put("separator", separator.get());
                }
                ApiResponse response = client.getAllowMissing("/v1/kv/" + key, query);
                if (response.status() != 404) {
                    for (Object k : Json.array(response.json())) {
                        io.out().println(Json.string(k));
                    }
                }
                return 0;
            }
            if (recurse.get()) {
                ApiResponse response = client.getAllowMissing("/v1/kv/" + key, Map.of("recurse", ""));
                if (response.status() == 404) {
                    return 0;
                }
                List<KvPair> pairs = KvPair.fromJson(response.json());
                for (int i = 0; i < pairs.size(); i++) {
                    KvPair pair = pairs.get(i);
                    if (detailed.get()) {
                        io.out().print(detailed(pair));
                        if (i < pairs.size() - 1) {
                            io.out().println();
                        }
                    } else {
                        io.out().println(pair.key() + ":" + value(pair));
                    }
                }
                return 0;
            }
            ApiResponse response = client.getAllowMissing("/v1/kv/" + key, Map.of());
            if (response.status() == 404) {
                throw new CliException("Error! No key exists at: " + key);
            }
            List<KvPair> pairs = KvPair.fromJson(response.json());
            if (pairs.isEmpty()) {
                throw new CliException("Error! No key exists at: " + key);
            }
            if (detailed.get()) {
                io.out().print(detailed(pairs.get(0)));
            } else {
                io.out().println(value(pairs.get(0)));
            }
            return 0;
        } catch (ApiException e) {
            throw new CliException("Error querying Consul agent: " + e.getMessage());
        }
    }

    private String value(KvPair pair) {
        return base64.get() ? pair.base64() : pair.text();
    }

    /** Consul's tabwriter layout (min width 0, padding 6): the value column starts 6 after "CreateIndex". */
    private String detailed(KvPair pair) {
        String[][] rows = {
            {"CreateIndex", String.valueOf(pair.createIndex())},
            {"Flags", String.valueOf(pair.flags())},
            {"Key", pair.key()},
            {"LockIndex", String.valueOf(pair.lockIndex())},
            {"ModifyIndex", String.valueOf(pair.modifyIndex())},
            {"Session", pair.session().isEmpty() ? "-" : pair.session()},
            {"Value", value(pair)},
        };
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            sb.append(row[0]).append(" ".repeat("CreateIndex".length() + 6 - row[0].length())).append(row[1])
                    .append('\n');
        }
        return sb.toString();
    }
}
