package io.muster.cli.catalog;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Columns;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.Collections;

/** `catalog services`: service names (with -tags their tags), of the catalog or of one -node. */
public final class CatalogServicesCommand extends ApiCommand {
    private final FlagSet.Flag<String> node = flags.string("node", "",
            "Node `id or name` for which to list services.");
    private final FlagSet.Flag<List<String>> nodeMeta = flags.list("node-meta", "<key=value>",
            "Metadata to filter nodes with the given `key=value` pairs. If specified, only services running "
                    + "on nodes matching the given metadata will be returned. This flag may be specified "
                    + "multiple times to filter on multiple sources of metadata.");
    private final FlagSet.Flag<Boolean> tags = flags.bool("tags",
            "Display each service's tags as a comma-separated list beside each service entry.");

    public CatalogServicesCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Lists all registered services in a datacenter";
    }

    @Override
    protected String helpText() {
        return "Usage: muster catalog services [options]\n\n"
                + "  Retrieves the list services registered in a given datacenter. By default, the\n"
                + "  datacenter of the local agent is queried.\n\n"
                + "  To retrieve the list of services:\n\n"
                + "      $ muster catalog services\n\n"
                + "  To include the services' tags in the output:\n\n"
                + "      $ muster catalog services -tags\n\n"
                + "  To list services which run on a particular node:\n\n"
                + "      $ muster catalog services -node=web-server-01";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (!args.isEmpty()) {
            throw new UsageException("Too many arguments (expected 0, got " + args.size() + ")");
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String meta : nodeMeta.get()) {
            query.put("node-meta", meta.replaceFirst("=", ":"));
        }
        Map<String, List<String>> services = new TreeMap<>();
        try {
            if (node.get().isEmpty()) {
                for (Map.Entry<String, Object> e : Json.object(client(io).get("/v1/catalog/services", query)
                        .json()).entrySet()) {
                    services.put(e.getKey(), strings(e.getValue()));
                }
            } else {
                Map<String, Object> catalogNode;
                try {
                    catalogNode = Json.object(client(io).get("/v1/catalog/node/" + node.get(), query).json());
                } catch (ApiException e) {
                    throw new CliException("Error listing services for node: " + e.getMessage());
                }
                for (Object raw : Json.object(catalogNode.get("Services")).values()) {
                    Map<String, Object> service = Json.object(raw);
                    services.computeIfAbsent(Json.string(service.get("Service")), k -> new ArrayList<>())
                            .addAll(strings(service.get("Tags")));
                }
            }
        } catch (ApiException e) {
            throw new CliException("Error listing services: " + e.getMessage());
        }
        if (services.isEmpty()) {
            io.err().println("No services match the given query - try expanding your search.");
            return 0;
        }
        if (tags.get()) {
            Columns table = new Columns();
            for (Map.Entry<String, List<String>> e : services.entrySet()) {
                List<String> sorted = new ArrayList<>(e.getValue());
                Collections.sort(sorted);
                table.row(e.getKey(), String.join(",", sorted));
            }
            // Consul prints tabwriter output with surrounding whitespace trimmed.
            io.out().println(table.format(6).strip());
        } else {
            for (String name : services.keySet()) {
                io.out().println(name);
            }
        }
        return 0;
    }

    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        for (Object item : Json.array(list)) {
            out.add(Json.string(item));
        }
        return out;
    }
}
