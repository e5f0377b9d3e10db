package io.muster.cli.cluster;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `maint`: node maintenance through PUT /v1/agent/maintenance, service maintenance through
 * PUT /v1/agent/service/maintenance/:id; without -enable/-disable it lists the maintenance checks.
 */
public final class MaintCommand extends ApiCommand {
    private static final String NODE_MAINT = "_node_maintenance";
    private static final String SERVICE_MAINT = "_service_maintenance:";

    private final FlagSet.Flag<Boolean> enable = flags.bool("enable", "Enable maintenance mode.");
    private final FlagSet.Flag<Boolean> disable = flags.bool("disable", "Disable maintenance mode.");
    private final FlagSet.Flag<String> reason = flags.string("reason", "",
            "Text describing the maintenance reason.");
    private final FlagSet.Flag<String> service = flags.string("service", "",
            "Control maintenance mode for a specific service ID.");

    public MaintCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Controls node or service maintenance mode";
    }

    @Override
    protected String helpText() {
        return "Usage: muster maint [options]\n\n"
                + "  Places a node or service into maintenance mode. During maintenance mode,\n"
                + "  the node or service will be excluded from all queries through the DNS\n"
                + "  or API interfaces, effectively taking it out of the pool of available\n"
                + "  nodes. This is done by registering an additional critical health check.\n\n"
                + "  When enabling maintenance mode for a node or service, you may optionally\n"
                + "  specify a reason string. This string will appear in the \"Notes\" field\n"
                + "  of the critical health check which is registered against the node or\n"
                + "  service. If no reason is provided, a default value will be used.\n\n"
                + "  Maintenance mode is persistent, and will be restored in the event of an\n"
                + "  agent restart. It is therefore required to disable maintenance mode on\n"
                + "  a given node or service before it will be placed back into the pool.\n\n"
                + "  By default, we operate on the node as a whole. By specifying the\n"
                + "  \"-service\" argument, this behavior can be changed to enable or disable\n"
                + "  only a specific service.\n\n"
                + "  If no arguments are given, the agent's maintenance status will be shown.\n"
                + "  This will return blank if nothing is currently under maintenance.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (enable.get() && disable.get()) {
            throw new UsageException("Only one of -enable or -disable may be provided");
        }
        if (!enable.get() && !reason.get().isEmpty()) {
            throw new UsageException("Reason may only be provided with -enable");
        }
        if (!enable.get() && !disable.get() && !service.get().isEmpty()) {
            throw new UsageException("Service requires either -enable or -disable");
        }
        ApiClient client = client(io);
        String nodeName;
        try {
            Map<String, Object> self = Json.object(client.get("/v1/agent/self", Map.of()).json());
            nodeName = Json.string(Json.object(self.get("Config")).get("NodeName"));
        } catch (ApiException e) {
            throw new CliException("Error querying Consul agent: " + e.getMessage());
        }
        if (!enable.get() && !disable.get()) {
            return list(client, nodeName, io);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("enable", String.valueOf(enable.get()));
        if (!reason.get().isEmpty()) {
            query.put("reason", reason.get());
        }
        String state = enable.get() ? "enabled" : "disabled";
        try {
            if (service.get().isEmpty()) {
                client.put("/v1/agent/maintenance", query, null);
                io.out().println("Node maintenance is now " + state);
            } else {
                client.put("/v1/agent/service/maintenance/" + service.get(), query, null);
                io.out().println("Service maintenance is now " + state + " for \"" + service.get() + "\"");
            }
        } catch (ApiException e) {
            throw new CliException("Error " + (enable.get() ? "enabling" : "disabling")
                    + (service.get().isEmpty() ? " node" : " service") + " maintenance: " + e.getMessage());
        }
        return 0;
    }

    private static int list(ApiClient client, String nodeName, Io io) throws CliException {
        Map<String, Object> checks;
        try {
            checks = Json.object(client.get("/v1/agent/checks", Map.of()).json());
        } catch (ApiException e) {
            throw new CliException("Error getting checks: " + e.getMessage());
        }
        for (Object raw : checks.values()) {
            Map<String, Object> check = Json.object(raw);
            String id = Json.string(check.get("CheckID"));
            if (id.equals(NODE_MAINT)) {
                io.out().println("Node:");
                io.out().println("  Name:   " + nodeName);
                io.out().println("  Reason: " + Json.string(check.get("Notes")));
                io.out().println();
            } else if (id.startsWith(SERVICE_MAINT)) {
                io.out().println("Service:");
                io.out().println("  ID:     " + Json.string(check.get("ServiceID")));
                io.out().println("  Reason: " + Json.string(check.get("Notes")));
                io.out().println();
            }
        }
        return 0;
    }
}
