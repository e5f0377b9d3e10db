package io.muster.cli.operator;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.ApiResponse;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `operator autopilot set-config`: reads the configuration, changes the flags given and writes it back with
 * ?cas=ModifyIndex so a concurrent change is not overwritten.
 */
public final class AutopilotSetConfigCommand extends ApiCommand {
    private final FlagSet.Flag<String> cleanupDeadServers = flags.string("cleanup-dead-servers", "", "<bool>",
            "Controls whether Consul will automatically remove dead servers when new ones are successfully "
                    + "added. Must be one of `true|false`.");
    private final FlagSet.Flag<Long> maxTrailingLogs = flags.integer("max-trailing-logs", 0,
            "Controls the maximum number of log entries that a server can trail the leader by before being "
                    + "considered unhealthy.");
    private final FlagSet.Flag<Long> minQuorum = flags.integer("min-quorum", 0,
            "Sets the minimum number of servers required in a cluster before autopilot can prune dead "
                    + "servers.");
    private final FlagSet.Flag<Duration> lastContactThreshold = flags.duration("last-contact-threshold",
            Duration.ZERO, "Controls the maximum amount of time a server can go without contact from the "
                    + "leader before being considered unhealthy. Must be a duration value such as `200ms`.");
    private final FlagSet.Flag<Duration> serverStabilizationTime = flags.duration("server-stabilization-time",
            Duration.ZERO, "Controls the minimum amount of time a server must be stable in the 'healthy' "
                    + "state before being added to the cluster. Only takes effect if all servers are running "
                    + "Raft protocol version 3 or higher. Must be a duration value such as `10s`.");
    private final FlagSet.Flag<String> redundancyZoneTag = flags.string("redundancy-zone-tag", "",
            "(Enterprise-only) Controls the node_meta tag name used for separating servers into different "
                    + "redundancy zones.");
    private final FlagSet.Flag<String> disableUpgradeMigration = flags.string("disable-upgrade-migration", "",
            "<bool>", "(Enterprise-only) Controls whether Consul will avoid promoting new servers until it can "
                    + "perform a migration. Must be one of `true|false`.");
    private final FlagSet.Flag<String> upgradeVersionTag = flags.string("upgrade-version-tag", "",
            "(Enterprise-only) The node_meta tag to use for version info when performing upgrade migrations. "
                    + "If left blank, the Consul version will be used.");

    public AutopilotSetConfigCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Modify the current Autopilot configuration";
    }

    @Override
    protected String helpText() {
        return "Usage: muster operator autopilot set-config [options]\n\n"
                + "  Modifies the current Autopilot configuration.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        ApiClient client = client(io);
        Map<String, Object> config;
        try {
            config = new LinkedHashMap<>(Json.object(client.get("/v1/operator/autopilot/configuration",
                    Map.of()).json()));
        } catch (ApiException e) {
            throw new CliException("Error querying Autopilot configuration: " + e.getMessage());
        }
        if (cleanupDeadServers.isSet()) {
            config.put("CleanupDeadServers", bool("cleanup-dead-servers", cleanupDeadServers.get()));
        }
        if (disableUpgradeMigration.isSet()) {
            config.put("DisableUpgradeMigration", bool("disable-upgrade-migration", disableUpgradeMigration.get()));
        }
        if (maxTrailingLogs.isSet()) {
            config.put("MaxTrailingLogs", maxTrailingLogs.get());
        }
        if (minQuorum.isSet()) {
            config.put("MinQuorum", minQuorum.get());
        }
        if (lastContactThreshold.isSet()) {
            config.put("LastContactThreshold", goDuration(lastContactThreshold.get()));
        }
        if (serverStabilizationTime.isSet()) {
            config.put("ServerStabilizationTime", goDuration(serverStabilizationTime.get()));
        }
        if (redundancyZoneTag.isSet()) {
            config.put("RedundancyZoneTag", redundancyZoneTag.get());
        }
        if (upgradeVersionTag.isSet()) {
            config.put("UpgradeVersionTag", upgradeVersionTag.get());
        }
        ApiResponse response;
        try {
            response = client.put("/v1/operator/autopilot/configuration",
                    Map.of("cas", String.valueOf(Json.number(config.get("ModifyIndex")))),
                    Json.write(config).getBytes(StandardCharsets.UTF_8));
        } catch (ApiException e) {
            throw new CliException("Error setting Autopilot configuration: " + e.getMessage());
        }
        if (!response.text().strip().equals("true")) {
            throw new CliException("Configuration could not be atomically updated, please try again");
        }
        io.out().println("Configuration updated!");
        return 0;
    }

    private static boolean bool(String flag, String value) throws UsageException {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new UsageException("Invalid value \"" + value + "\" for -" + flag + ": must be true or false");
    }

    /** Go's Duration.String() form for whole milliseconds/seconds, which the agent parses back. */
    static String goDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        long h = minutes / 60;
        return (h > 0 ? h + "h" : "") + (minutes % 60) + "m" + (seconds % 60) + "s";
    }
}
