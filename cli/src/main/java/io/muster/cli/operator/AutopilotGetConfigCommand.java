package io.muster.cli.operator;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;

/** `operator autopilot get-config`: GET /v1/operator/autopilot/configuration, "Key = value" lines. */
public final class AutopilotGetConfigCommand extends ApiCommand {
    static final String[] KEYS = {"CleanupDeadServers", "LastContactThreshold", "MaxTrailingLogs", "MinQuorum",
        "ServerStabilizationTime", "RedundancyZoneTag", "DisableUpgradeMigration", "UpgradeVersionTag"};

    public AutopilotGetConfigCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Display the current Autopilot configuration";
    }

    @Override
    protected String helpText() {
        return "Usage: muster operator autopilot get-config [options]\n\n"
                + "  Displays the current Autopilot configuration.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        Map<String, Object> config;
        try {
            config = Json.object(client(io).get("/v1/operator/autopilot/configuration", Map.of()).json());
        } catch (ApiException e) {
            throw new CliException("Error querying Autopilot configuration: " + e.getMessage());
        }
        for (String key : KEYS) {
            Object value = config.get(key);
            boolean quoted = key.endsWith("Tag");
            io.out().println(key + " = " + (quoted ? "\"" + Json.string(value) + "\"" : Json.string(value)));
        }
        return 0;
    }
}
