package io.muster.kernel.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agent's typed configuration after defaults, files and flags were merged and validated. Keys that only a
 * plugin reads stay in the {@link ConfigTree}. {@code dataDir} is null in {@code -dev} mode (all state in memory);
 * {@code logLevel} is upper case (TRACE, DEBUG, INFO, WARN, ERR).
 */
public record AgentConfig(String nodeName, String nodeId, String datacenter, String primaryDatacenter,
        Path dataDir, boolean dev, boolean server, boolean bootstrap, int bootstrapExpect,
        String bindAddr, String advertiseAddr, String advertiseAddrWan, List<String> clientAddrs, Ports ports,
        Addresses addresses, String domain, String altDomain, List<String> recursors, Map<String, String> nodeMeta,
        List<String> startJoin, List<String> startJoinWan, List<String> retryJoin, List<String> retryJoinWan,
        Duration retryInterval, int retryMax, boolean rejoinAfterLeave, boolean leaveOnTerminate,
        boolean skipLeaveOnInterrupt, String logLevel, String logFile, boolean logJson, boolean enableSyslog,
        String syslogFacility, Path pidFile, boolean uiEnabled, Path uiDir, boolean enableScriptChecks,
        boolean enableLocalScriptChecks, String encrypt, boolean disableHostNodeId, long kvMaxValueSize,
        Duration checkUpdateInterval, Duration reconnectTimeout, Map<String, String> pluginSelection,
        List<RawDefinition> services, List<RawDefinition> checks, List<Map<String, Object>> watches) {

    public AgentConfig {
        clientAddrs = List.copyOf(clientAddrs);
        recursors = List.copyOf(recursors);
        nodeMeta = Map.copyOf(nodeMeta);
        startJoin = List.copyOf(startJoin);
        startJoinWan = List.copyOf(startJoinWan);
        retryJoin = List.copyOf(retryJoin);
        retryJoinWan = List.copyOf(retryJoinWan);
        pluginSelection = Map.copyOf(pluginSelection);
        services = List.copyOf(services);
        checks = List.copyOf(checks);
        watches = watches.stream().map(ConfigTree::freeze).toList();
    }

    /** The advertised LAN address: {@code advertise_addr}, else the bind address (which may be 0.0.0.0). */
    public String effectiveAdvertiseAddr() {
        return advertiseAddr != null ? advertiseAddr : bindAddr;
    }
}
