package io.muster.kernel.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The agent settings the local agent needs. {@code dataDir} empty means nothing is persisted ({@code -dev}).
 * {@code checkUpdateInterval} is Consul's {@code check_update_interval} (default 5m): how long an output-only
 * change of a check may wait before it is synced to the catalog.
 */
public record LocalAgentSettings(String nodeName, String nodeId, String datacenter, String nodeAddress,
                                 Map<String, String> nodeMeta, Map<String, String> taggedAddresses,
                                 Optional<Path> dataDir, boolean enableScriptChecks, boolean enableLocalScriptChecks,
                                 Duration checkUpdateInterval) {
    public static final Duration DEFAULT_CHECK_UPDATE_INTERVAL = Duration.ofMinutes(5);

    public LocalAgentSettings {
        nodeMeta = nodeMeta == null ? Map.of() : Map.copyOf(nodeMeta);
        taggedAddresses = taggedAddresses == null ? Map.of() : Map.copyOf(taggedAddresses);
        dataDir = dataDir == null ? Optional.empty() : dataDir;
        checkUpdateInterval = checkUpdateInterval == null ? DEFAULT_CHECK_UPDATE_INTERVAL : checkUpdateInterval;
    }
}
