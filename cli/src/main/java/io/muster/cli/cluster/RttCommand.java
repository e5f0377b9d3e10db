package io.muster.cli.cluster;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;

/**
 * `rtt`: estimated round trip time between two nodes from their network coordinates (/v1/coordinate/nodes,
 * or /v1/coordinate/datacenters with -wan), using Vivaldi's distance: Euclidean distance plus both heights,
 * corrected by both adjustments when that stays positive.
 */
public final class RttCommand extends ApiCommand {
    private final FlagSet.Flag<Boolean> wan = flags.bool("wan",
            "Use WAN coordinates instead of LAN coordinates.");

    public RttCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Estimates network round trip time between nodes";
    }

    @Override
    protected String helpText() {
        return "Usage: muster rtt [options] node1 [node2]\n\n"
                + "  Estimates the round trip time between two nodes using Consul's network\n"
                + "  coordinate model of the cluster.\n\n"
                + "  At least one node name is required. If the second node name isn't given, it\n"
                + "  is set to the agent's node name. These are node names as known to Consul as\n"
                + "  the \"consul members\" command would show, not IP addresses.\n\n"
                + "  By default, the two nodes are assumed to be nodes in the local datacenter\n"
                + "  and the LAN coordinates are used. If the -wan option is given, then the WAN\n"
                + "  coordinates are used, and the node names must be suffixed by a period and\n"
                + "  the datacenter (eg. \"myserver.dc1\").";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (args.isEmpty() || args.size() > 2) {
            throw new UsageException("One or two node names must be specified");
        }
        ApiClient client = client(io);
        try {
            String first = args.get(0);
            String second = args.size() == 2 ? args.get(1) : agentNode(client, wan.get());
            Map<String, Object> a;
            Map<String, Object> b;
            if (wan.get()) {
                List<Object> datacenters = Json.array(client.get("/v1/coordinate/datacenters", Map.of()).json());
                a = wanCoordinate(datacenters, first);
                b = wanCoordinate(datacenters, second);
            } else {
                List<Object> nodes = Json.array(client.get("/v1/coordinate/nodes", Map.of()).json());
                a = lanCoordinate(nodes, first);
                b = lanCoordinate(nodes, second);
            }
            double millis = distanceSeconds(a, b) * 1000.0;
            io.out().println(String.format(java.util.Locale.ROOT, "Estimated %s <-> %s rtt: %.3f ms (using %s "
                    + "coordinates)", first, second, millis, wan.get() ? "WAN" : "LAN"));
            return 0;
        } catch (ApiException e) {
            throw new CliException("Error getting coordinates: " + e.getMessage());
        }
    }

    private static String agentNode(ApiClient client, boolean wan) throws ApiException {
        Map<String, Object> config = Json.object(Json.object(client.get("/v1/agent/self", Map.of()).json())
                .get("Config"));
        String node = Json.string(config.get("NodeName"));
        return wan ? node + "." + Json.string(config.get("Datacenter")) : node;
    }

    private static Map<String, Object> lanCoordinate(List<Object> nodes, String name) throws CliException {
        for (Object raw : nodes) {
            Map<String, Object> node = Json.object(raw);
            if (Json.string(node.get("Node")).equals(name)) {
                return Json.object(node.get("Coord"));
            }
        }
        throw new CliException("Could not find a coordinate for node \"" + name + "\"");
    }

    private static Map<String, Object> wanCoordinate(List<Object> datacenters, String name) throws CliException {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            throw new CliException("Node name \"" + name + "\" must be suffixed by a period and the datacenter "
                    + "with -wan (eg. \"myserver.dc1\")");
        }
        String node = name.substring(0, dot);
        String dc = name.substring(dot + 1);
        for (Object raw : datacenters) {
            Map<String, Object> entry = Json.object(raw);
            if (Json.string(entry.get("Datacenter")).equals(dc)) {
                return lanCoordinate(Json.array(entry.get("Coordinates")), node);
            }
        }
        throw new CliException("Could not find a coordinate for node \"" + name + "\"");
    }

    static double distanceSeconds(Map<String, Object> a, Map<String, Object> b) {
        List<Object> va = Json.array(a.get("Vec"));
        List<Object> vb = Json.array(b.get("Vec"));
        double sum = 0;
        for (int i = 0; i < Math.min(va.size(), vb.size()); i++) {
            double d = number(va.get(i)) - number(vb.get(i));
            sum += d * d;
        }
        double rtt = Math.sqrt(sum) + number(a.get("Height")) + number(b.get("Height"));
        double adjusted = rtt + number(a.get("Adjustment")) + number(b.get("Adjustment"));
        return adjusted > 0.0 ? adjusted : rtt;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0.0;
    }
}
