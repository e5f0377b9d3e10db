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
            io.out().println(Json.writeIndented(state, "   "));
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        line(sb, "", "Healthy", state.get("Healthy"));
        line(sb, "", "Failure Tolerance", state.get("FailureTolerance"));
        line(sb, "", "Optimistic Failure Tolerance", state.get("OptimisticFailureTolerance"));
        line(sb, "", "Leader", state.get("Leader"));
        sb.append("Voters:\n");
        for (Object voter : Json.array(state.get("Voters"))) {
            sb.append("   ").append(Json.string(voter)).append('\n');
        }
        sb.append("\nServers:\n");
        for (Object raw : Json.object(state.get("Servers")).values()) {
            Map<String, Object> server = Json.object(raw);
            sb.append("   ").append(Json.string(server.get("ID"))).append('\n');
            line(sb, "      ", "Name", server.get("Name"));
            line(sb, "      ", "Address", server.get("Address"));
            line(sb, "      ", "Version", server.get("Version"));
            line(sb, "      ", "Status", server.get("Status"));
            line(sb, "      ", "Healthy", server.get("Healthy"));
            line(sb, "      ", "Last Contact", server.get("LastContact"));
            line(sb, "      ", "Last Term", server.get("LastTerm"));
            line(sb, "      ", "Last Index", server.get("LastIndex"));
            sb.append('\n');
        }
        io.out().print(sb);
        return 0;
    }

    private static void line(StringBuilder sb, String indent, String label, Object value) {
        sb.append(indent).append(label).append(':').append(" ".repeat(Math.max(1, 30 - label.length())))
                .append(Json.string(value)).append('\n');
    }
}
