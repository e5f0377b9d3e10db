package io.muster.cli.operator;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** `operator autopilot state`: GET /v1/operator/autopilot/state, pretty or -format=json. */
public final class AutopilotStateCommand extends ApiCommand {
    private final FlagSet.Flag<String> format = flags.string("format", "pretty", "<pretty|json>",
            "Output format {pretty|json}");

    public AutopilotStateCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Display the current Autopilot state";
    }

    @Override
    protected String helpText() {
        return "Usage: muster operator autopilot state [options]\n\n"
                + "  Displays the current Autopilot state.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (!format.get().equals("pretty") && !format.get().equals("json")) {
            throw new UsageException("Invalid format: " + format.get() + " (use pretty or json)");
        }
        Map<String, Object> state;
        try {
            state = Json.object(client(io).get("/v1/operator/autopilot/state", Map.of()).json());
        } catch (ApiException e) {
            throw new CliException("Error querying Autopilot state: " + e.getMessage());
        }
        if (format.get().equals("json")) {
            // Go's json.MarshalIndent(state, "", "    ").
            io.out().println(Json.writeIndented(state, "    "));
            return 0;
        }
        io.out().print(pretty(state));
        return 0;
    }

    /** Consul's prettyFormatter (command/operator/autopilot/state/formatter.go), line for line. */
    static String pretty(Map<String, Object> state) {
        StringBuilder sb = new StringBuilder();
        sb.append("Healthy:                      ").append(Json.string(state.get("Healthy"))).append('\n');
        sb.append("Failure Tolerance:            ").append(Json.string(state.get("FailureTolerance"))).append('\n');
        sb.append("Optimistic Failure Tolerance: ").append(Json.string(state.get("OptimisticFailureTolerance")))
                .append('\n');
        sb.append("Leader:                       ").append(Json.string(state.get("Leader"))).append('\n');
        sb.append("Voters:\n");
        list(sb, "   ", state.get("Voters"));
        if (!Json.array(state.get("ReadReplicas")).isEmpty()) {
            sb.append("Read Replicas:\n");
            list(sb, "   ", state.get("ReadReplicas"));
        }
        Map<String, Object> zones = new TreeMap<>(Json.object(state.get("RedundancyZones")));
        if (!zones.isEmpty()) {
            sb.append("Redundancy Zones:\n");
            for (Map.Entry<String, Object> zone : zones.entrySet()) {
                Map<String, Object> z = Json.object(zone.getValue());
                sb.append("   ").append(zone.getKey()).append(":\n");
                sb.append("      Failure Tolerance: ").append(Json.string(z.get("FailureTolerance"))).append('\n');
                sb.append("      Voters:\n");
                list(sb, "         ", z.get("Voters"));
                sb.append("      Servers:\n");
                list(sb, "         ", z.get("Servers"));
            }
        }
        Map<String, Object> upgrade = Json.object(state.get("Upgrade"));
        if (!upgrade.isEmpty()) {
            sb.append("Upgrade:\n");
            sb.append("   Status:         ").append(Json.string(upgrade.get("Status"))).append('\n');
            sb.append("   Target Version: ").append(Json.string(upgrade.get("TargetVersion"))).append('\n');
            String[][] groups = {{"TargetVersionVoters", "Target Version Voters"},
                {"TargetVersionNonVoters", "Target Version Non-Voters"},
                {"TargetVersionReadReplicas", "Target Version ReadReplicas"},
                {"OtherVersionVoters", "Other Version Voters"},
                {"OtherVersionNonVoters", "Other Version Non-Voters"},
                {"OtherVersionReadReplicas", "Other Version ReadReplicas"}};
            for (String[] group : groups) {
                if (!Json.array(upgrade.get(group[0])).isEmpty()) {
                    sb.append("   ").append(group[1]).append(":\n");
                    list(sb, "      ", upgrade.get(group[0]));
                }
            }
        }
        sb.append("Servers:\n");
        for (Object raw : new TreeMap<>(Json.object(state.get("Servers"))).values()) {
            server(sb, Json.object(raw));
        }
        return sb.toString();
    }

    private static void server(StringBuilder sb, Map<String, Object> server) {
        sb.append("   ").append(Json.string(server.get("ID"))).append('\n');
        field(sb, "Name", server.get("Name"));
        field(sb, "Address", server.get("Address"));
        field(sb, "Version", server.get("Version"));
        field(sb, "Status", server.get("Status"));
        field(sb, "Node Type", server.get("NodeType"));
        field(sb, "Node Status", server.get("NodeStatus"));
        field(sb, "Healthy", server.get("Healthy"));
        field(sb, "Last Contact", server.get("LastContact"));
        field(sb, "Last Term", server.get("LastTerm"));
        field(sb, "Last Index", server.get("LastIndex"));
        if (!Json.string(server.get("RedundancyZone")).isEmpty()) {
            field(sb, "Redundancy Zone", server.get("RedundancyZone"));
        }
        if (!Json.string(server.get("UpgradeVersion")).isEmpty()) {
            field(sb, "Upgrade Version", server.get("UpgradeVersion"));
        }
        if (Boolean.TRUE.equals(server.get("ReadReplica"))) {
            field(sb, "Read Replica", true);
        }
        Map<String, Object> meta = new TreeMap<>(Json.object(server.get("Meta")));
        if (!meta.isEmpty()) {
            sb.append("      Meta\n");
            meta.forEach((k, v) -> sb.append("         \"").append(k).append("\": \"").append(Json.string(v))
                    .append("\"\n"));
        }
    }

    private static void field(StringBuilder sb, String label, Object value) {
        sb.append("      ").append(label).append(':').append(" ".repeat(16 - label.length()))
                .append(Json.string(value)).append('\n');
    }

    private static void list(StringBuilder sb, String indent, Object values) {
        for (Object value : Json.array(values)) {
            sb.append(indent).append(Json.string(value)).append('\n');
        }
    }
}
