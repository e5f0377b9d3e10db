package io.muster.cli.cluster;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `keyring`: gossip keys through /v1/operator/keyring (GET list, POST install, PUT use, DELETE remove). */
public final class KeyringCommand extends ApiCommand {
    private final FlagSet.Flag<String> install = flags.string("install", "", "<key>",
            "Install a new encryption key. This will broadcast the new key to all members in the cluster.");
    private final FlagSet.Flag<String> use = flags.string("use", "", "<key>",
            "Change the primary encryption key, which is used to encrypt messages. The key must already be "
                    + "installed before this operation can succeed.");
    private final FlagSet.Flag<String> remove = flags.string("remove", "", "<key>",
            "Remove the given key from the cluster. This operation may only be performed on keys which are "
                    + "not currently the primary key.");
    private final FlagSet.Flag<Boolean> list = flags.bool("list",
            "List all keys currently in use within the cluster.");
    private final FlagSet.Flag<Boolean> listPrimary = flags.bool("list-primary",
            "List all primary keys currently in use within the cluster.");
    private final FlagSet.Flag<Long> relayFactor = flags.integer("relay-factor", 0,
            "Setting this to a non-zero value will cause nodes to relay their response to the operation "
                    + "through this many randomly-chosen other nodes in the cluster. The maximum allowed value "
                    + "is 5.");
    private final FlagSet.Flag<Boolean> localOnly = flags.bool("local-only",
            "Setting this to true will force the keyring query to only hit local servers (no WAN traffic). "
                    + "This flag can only be set for list queries.");

    public KeyringCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Manages gossip layer encryption keys";
    }

    @Override
    protected String helpText() {
        return "Usage: muster keyring [options]\n\n"
                + "  Manages encryption keys used for gossip messages. Gossip encryption is\n"
                + "  optional. When enabled, this command may be used to examine active encryption\n"
                + "  keys in the cluster, add new keys, and remove old ones. When combined, this\n"
                + "  functionality provides the ability to perform key rotation cluster-wide,\n"
                + "  without disrupting the cluster.\n\n"
                + "  All operations performed by this command can only be run against server nodes,\n"
                + "  and affect both the LAN and WAN keyrings in lock-step.\n\n"
                + "  All variations of the keyring command return 0 if all nodes reply and there\n"
                + "  are no errors. If any node fails to reply or reports failure, the exit code\n"
                + "  will be 1.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        int actions = (install.isSet() ? 1 : 0) + (use.isSet() ? 1 : 0) + (remove.isSet() ? 1 : 0)
                + (list.get() ? 1 : 0) + (listPrimary.get() ? 1 : 0);
        if (actions == 0) {
            io.err().print(help());
            return 1;
        }
        if (actions > 1) {
            throw new UsageException("Only a single action is allowed");
        }
        if (relayFactor.get() < 0 || relayFactor.get() > 5) {
            throw new UsageException("Error parsing relay factor: relay factor must be in range: [0, 5]");
        }
        if (localOnly.get() && !list.get() && !listPrimary.get()) {
            throw new UsageException("Error: -local-only can only be used with -list or -list-primary");
        }
        ApiClient client = client(io);
        Map<String, String> query = new LinkedHashMap<>();
        if (relayFactor.get() > 0) {
            query.put("relay-factor", String.valueOf(relayFactor.get()));
        }
        if (list.get() || listPrimary.get()) {
            if (localOnly.get()) {
                query.put("local-only", "true");
            }
            io.out().println("==> Gathering installed encryption keys...");
            List<Object> pools;
            try {
                pools = Json.array(client.get("/v1/operator/keyring", query).json());
            } catch (ApiException e) {
                throw new CliException("error: " + e.getMessage());
            }
            printPools(io, pools, listPrimary.get());
            return 0;
        }
        String key = firstNonEmpty(install.get(), use.get(), remove.get());
        byte[] body = Json.write(Map.of("Key", key)).getBytes(StandardCharsets.UTF_8);
        try {
            if (install.isSet()) {
                io.out().println("==> Installing new gossip encryption key...");
                client.post("/v1/operator/keyring", query, body);
            } else if (use.isSet()) {
                io.out().println("==> Changing primary gossip encryption key...");
                client.put("/v1/operator/keyring", query, body);
            } else {
                io.out().println("==> Removing gossip encryption key...");
                client.request("DELETE", "/v1/operator/keyring", query, body);
            }
        } catch (ApiException e) {
            throw new CliException("error: " + e.getMessage());
        }
        return 0;
    }

    private static void printPools(Io io, List<Object> pools, boolean primaryOnly) {
        for (Object raw : pools) {
            Map<String, Object> pool = Json.object(raw);
            String name = Boolean.TRUE.equals(pool.get("WAN")) ? "WAN"
                    : Json.string(pool.get("Datacenter")) + " (LAN)";
            String segment = Json.string(pool.get("Segment"));
            if (!segment.isEmpty()) {
                name = name + " [" + segment + "]";
            }
            long total = Json.number(pool.get("NumNodes"));
            io.out().println();
            io.out().println(name + ":");
            Map<String, Object> keys = Json.object(pool.get(primaryOnly ? "PrimaryKeys" : "Keys"));
            for (Map.Entry<String, Object> key : keys.entrySet()) {
                io.out().println("  " + key.getKey() + " [" + Json.number(key.getValue()) + "/" + total + "]");
            }
        }
    }
}
