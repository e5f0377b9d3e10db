package io.muster.cli.catalog;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Columns;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** `catalog nodes`: GET /v1/catalog/nodes (or the nodes of one -service), as Consul's table. */
public final class CatalogNodesCommand extends ApiCommand {
    private final FlagSet.Flag<Boolean> detailed = flags.bool("detailed",
            "Output detailed information about the nodes including their addresses and metadata.");
    private final FlagSet.Flag<String> near = flags.string("near", "",
            "Node name to sort the node list in ascending order based on estimated round-trip time from that "
                    + "node. Passing \"_agent\" will use this agent's node for sorting.");
    private final FlagSet.Flag<List<String>> nodeMeta = flags.list("node-meta", "<key=value>",
            "Metadata to filter nodes with the given `key=value` pairs. This flag may be specified multiple "
                    + "times to filter on multiple sources of metadata.");
    private final FlagSet.Flag<String> service = flags.string("service", "",
            "Service `id or name` to filter nodes. Only nodes which are providing the given service will be "
                    + "returned.");
    private final FlagSet.Flag<String> filter = flags.string("filter", "",
            "Filter to use with the request");

    public CatalogNodesCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Lists all nodes in the given datacenter";
    }

    @Override
    protected String helpText() {
        return "Usage: muster catalog nodes [options]\n\n"
                + "  Retrieves the list nodes registered in a given datacenter. By default, the\n"
                + "  datacenter of the local agent is queried.\n\n"
                + "  To retrieve the list of nodes:\n\n"
                + "      $ muster catalog nodes\n\n"
                + "  To print detailed information including full node IDs, tagged addresses, and\n"
                + "  metadata information:\n\n"
                + "      $ muster catalog nodes -detailed\n\n"
                + "  To list nodes which are running a particular service:\n\n"
                + "      $ muster catalog nodes -service=web";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (!args.isEmpty()) {
            throw new UsageException("Too many arguments (expected 0, got " + args.size() + ")");
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (!near.get().isEmpty()) {
            query.put("near", near.get());
        }
        if (!filter.get().isEmpty()) {
            query.put("filter", filter.get());
        }
        for (String meta : nodeMeta.get()) {
            if (meta.indexOf(':') < 0 && meta.indexOf('=') < 0) {
                throw new UsageException("Invalid -node-meta \"" + meta + "\": use key=value");
            }
            query.put("node-meta", meta.replaceFirst("=", ":"));
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        try {
            if (service.get().isEmpty()) {
                for (Object raw : Json.array(client(io).get("/v1/catalog/nodes", query).json())) {
                    nodes.add(Json.object(raw));
                }
            } else {
                Map<String, Map<String, Object>> unique = new LinkedHashMap<>();
                for (Object raw : Json.array(client(io).get("/v1/catalog/service/" + service.get(), query)
                        .json())) {
                    Map<String, Object> entry = Json.object(raw);
                    Map<String, Object> node = new LinkedHashMap<>();
                    node.put("ID", entry.get("ID"));
                    node.put("Node", entry.get("Node"));
                    node.put("Address", entry.get("Address"));
                    node.put("Datacenter", entry.get("Datacenter"));
                    node.put("TaggedAddresses", entry.get("TaggedAddresses"));
                    node.put("Meta", entry.get("NodeMeta"));
                    unique.putIfAbsent(Json.string(entry.get("Node")), node);
                }
                nodes.addAll(unique.values());
            }
        } catch (ApiException e) {
            throw new CliException("Error listing nodes: " + e.getMessage());
        }
        if (nodes.isEmpty()) {
            io.err().println("No nodes match the given query - try expanding your search.");
            return 0;
        }
        Columns table = new Columns();
        if (detailed.get()) {
            table.row("Node", "ID", "Address", "DC", "TaggedAddresses", "Meta");
        } else {
            table.row("Node", "ID", "Address", "DC");
        }
        for (Map<String, Object> node : nodes) {
            String id = Json.string(node.get("ID"));
            if (detailed.get()) {
                table.row(Json.string(node.get("Node")), id, Json.string(node.get("Address")),
                        Json.string(node.get("Datacenter")), pairs(node.get("TaggedAddresses")),
                        pairs(node.get("Meta")));
            } else {
                table.row(Json.string(node.get("Node")), id.length() > 8 ? id.substring(0, 8) : id,
                        Json.string(node.get("Address")), Json.string(node.get("Datacenter")));
            }
        }
        io.out().print(table.format());
        return 0;
    }

    private static String pairs(Object map) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(Json.object(map)).entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(Json.string(e.getValue()));
        }
        return sb.toString();
    }
}
