package io.muster.spi.model;

import java.time.Duration;

/** Autopilot settings ({@code /v1/operator/autopilot/configuration}), stored in the replicated state. */
public record AutopilotConfig(boolean cleanupDeadServers, Duration lastContactThreshold, long maxTrailingLogs,
                              long minQuorum, Duration serverStabilizationTime, String redundancyZoneTag,
                              boolean disableUpgradeMigration, String upgradeVersionTag, long createIndex,
                              long modifyIndex) {
    /** Consul's defaults. */
    public static final AutopilotConfig DEFAULTS = new AutopilotConfig(true, Duration.ofMillis(200), 250, 0,
            Duration.ofSeconds(10), "", false, "", 0, 0);

    public AutopilotConfig {
        lastContactThreshold = lastContactThreshold == null ? Duration.ofMillis(200) : lastContactThreshold;
        serverStabilizationTime = serverStabilizationTime == null ? Duration.ofSeconds(10) : serverStabilizationTime;
        redundancyZoneTag = redundancyZoneTag == null ? "" : redundancyZoneTag;
        upgradeVersionTag = upgradeVersionTag == null ? "" : upgradeVersionTag;
    }

    public AutopilotConfig withIndexes(long create, long modify) {
        return new AutopilotConfig(cleanupDeadServers, lastContactThreshold, maxTrailingLogs, minQuorum,
                serverStabilizationTime, redundancyZoneTag, disableUpgradeMigration, upgradeVersionTag, create, modify);
    }
}
