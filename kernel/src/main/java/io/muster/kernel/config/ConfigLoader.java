package io.muster.kernel.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Loads the agent's configuration the way {@code consul agent} does. Sources merge in Consul's order
 * (agent/config/builder.go): built-in defaults, {@code -dev} defaults, list-valued flags, the config files in the
 * order their -config-dir/-config-file arguments were given (a directory's files in lexical order), scalar flags,
 * then {@code -hcl} fragments. Lists concatenate across sources, objects merge, other values are replaced.
 */
public final class ConfigLoader {
    private static final Pattern DATACENTER = Pattern.compile("[a-z0-9_-]+");
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern META_KEY = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ConfigLoader() {
    }

    /** args: the agent's flags (everything after {@code agent}). */
    public static LoadedConfig load(List<String> args) throws ConfigException {
        return load(args, localHostname());
    }

    /** Usage text of {@code agent -h} (Consul's style). */
    public static String usage() {
        return AgentFlags.usage();
    }

    /** As {@link #load(List)} with the host name that names the node when neither -node nor node_name does. */
    static LoadedConfig load(List<String> args, String hostname) throws ConfigException {
        AgentFlags.Parsed flags = AgentFlags.parse(args);
        List<String> warnings = new ArrayList<>(flags.warnings());

        Map<String, Object> tree = ConfigDefaults.defaults();
        if (flags.dev()) {
            ConfigMerger.mergeInto(tree, ConfigDefaults.dev());
        }
        List<RawDefinition> services = new ArrayList<>();
        List<RawDefinition> checks = new ArrayList<>();
        mergeSource("flags", flags.slices(), tree, warnings, services, checks);
        for (ConfigFiles.ConfigFile file : ConfigFiles.expand(flags.configPaths(), flags.configFormat(), warnings)) {
            String name = file.path().toString();
            mergeSource(name, ConfigFiles.read(file), tree, warnings, services, checks);
        }
        mergeSource("flags", flags.values(), tree, warnings, services, checks);
        for (int i = 0; i < flags.hcl().size(); i++) {
            String name = "flags-" + i + ".hcl (-hcl)";
            mergeSource(name, HclParser.parse(name, flags.hcl().get(i)), tree, warnings, services, checks);
        }

        ConfigTree merged = new ConfigTree(tree);
        AgentConfig config = build(merged, flags.dev(), hostname, services, checks, warnings);
        return new LoadedConfig(config, merged, warnings, args);
    }

    @SuppressWarnings("unchecked")
    private static void mergeSource(String source, Map<String, Object> raw, Map<String, Object> tree,
            List<String> warnings, List<RawDefinition> services, List<RawDefinition> checks) throws ConfigException {
        Map<String, Object> checked = ConfigSchema.check(source, raw, warnings);
        for (Object s : (List<Object>) checked.getOrDefault("services", List.of())) {
            services.add(new RawDefinition(source, (Map<String, Object>) s));
        }
        for (Object c : (List<Object>) checked.getOrDefault("checks", List.of())) {
            checks.add(new RawDefinition(source, (Map<String, Object>) c));
        }
        ConfigMerger.mergeInto(tree, checked);
    }

    private static AgentConfig build(ConfigTree t, boolean dev, String hostname, List<RawDefinition> services,
            List<RawDefinition> checks, List<String> warnings) throws ConfigException {
        boolean server = t.bool("server", false);
        boolean bootstrap = t.bool("bootstrap", false);
        int bootstrapExpect = (int) t.number("bootstrap_expect", 0);
        if (dev && bootstrapExpect > 0) {
            throw new ConfigException("'bootstrap_expect > 0' not allowed in dev mode: drop -bootstrap-expect"
                    + " (a -dev agent bootstraps itself)");
        }
        if (bootstrapExpect < 0) {
            throw new ConfigException("bootstrap_expect cannot be " + bootstrapExpect
                    + ": it must be 0 (off) or the number of servers to wait for");
        }
        if (bootstrap && bootstrapExpect > 0) {
            throw new ConfigException("'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive:"
                    + " use either -bootstrap (a single server) or -bootstrap-expect=N");
        }
        if (bootstrapExpect > 0 && !server) {
            throw new ConfigException("'bootstrap_expect > 0' requires 'server = true': add -server or set"
                    + " \"server\": true");
        }
        if (bootstrap && !server) {
            throw new ConfigException("'bootstrap = true' requires 'server = true': add -server or set"
                    + " \"server\": true");
        }
        if (bootstrapExpect == 1) {
            warnings.add("bootstrap_expect = 1: this is the same as -bootstrap mode (a single-server cluster)");
        } else if (bootstrapExpect == 2) {
            warnings.add("bootstrap_expect = 2: a cluster with 2 servers will become unavailable if either fails");
        } else if (bootstrapExpect > 2 && bootstrapExpect % 2 == 0) {
            warnings.add("bootstrap_expect is even (" + bootstrapExpect + "): an odd number of servers tolerates"
                    + " the same failures with one server less");
        }

        Path dataDir = t.get("data_dir").map(v -> Path.of(v.toString())).orElse(null);
        if (dataDir == null && !dev) {
            throw new ConfigException("data_dir cannot be empty: pass -data-dir=<path> or set \"data_dir\" in a config"
                    + " file (or use -dev for an in-memory agent)");
        }
        if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new ConfigException("data_dir " + dataDir + " is not a directory: point -data-dir at a directory");
        }

        String datacenter = t.string("datacenter", "dc1").toLowerCase(Locale.ROOT);
        if (!DATACENTER.matcher(datacenter).matches()) {
            throw new ConfigException("datacenter \"" + datacenter + "\" is invalid: it can only contain lowercase"
                    + " alphanumeric, - or _ characters");
        }
        String primaryDatacenter = t.get("primary_datacenter").map(Object::toString)
                .map(s -> s.toLowerCase(Locale.ROOT)).orElse(datacenter);

        String nodeName = t.get("node_name").map(Object::toString).orElse(hostname);
        if (nodeName == null || nodeName.isBlank()) {
            throw new ConfigException("node_name cannot be empty and the host name is unknown: pass -node=<name>");
        }
        if (!DNS_LABEL.matcher(nodeName).matches()) {
            warnings.add("Node name \"" + nodeName + "\" will not be discoverable via DNS due to invalid characters."
                    + " Valid characters include all alpha-numerics and dashes.");
        } else if (nodeName.length() > 63) {
            warnings.add("Node name \"" + nodeName + "\" will not be discoverable via DNS due to it being too long."
                    + " Valid lengths are between 1 and 63 bytes.");
        }
        String nodeId = t.get("node_id").map(Object::toString).orElse(null);
        if (nodeId != null && !UUID.matcher(nodeId).matches()) {
            throw new ConfigException("node_id \"" + nodeId + "\" is invalid: expected a UUID such as"
                    + " \"4e1c2f3a-9b7d-4c1e-8f2a-0b1c2d3e4f50\"");
        }

        String logLevel = logLevel(t.string("log_level", "INFO"));
        String encrypt = t.get("encrypt").map(Object::toString).filter(s -> !s.isEmpty()).orElse(null);
        if (encrypt != null) {
            checkEncryptKey(encrypt);
        }
        Duration reconnectTimeout = t.duration("reconnect_timeout", Duration.ofHours(72));
        if (!reconnectTimeout.isZero() && reconnectTimeout.compareTo(Duration.ofHours(8)) < 0) {
            throw new ConfigException("reconnect_timeout must be >= 8h, got " + t.get("reconnect_timeout").orElse(""));
        }
        Map<String, String> nodeMeta = stringMap(t.section("node_meta"));
        checkNodeMeta(nodeMeta);

        List<String> clientAddrs = Values.checkIpList(t.string("client_addr", "127.0.0.1"));
        Ports ports = new Ports(port(t, "dns"), port(t, "http"), port(t, "https"), port(t, "grpc"),
                port(t, "serf_lan"), port(t, "serf_wan"), port(t, "server"));
        Addresses addresses = new Addresses(addrs(t, "dns", clientAddrs), addrs(t, "http", clientAddrs),
                addrs(t, "https", clientAddrs));
        String advertise = t.get("advertise_addr").map(Object::toString).orElse(null);

        return new AgentConfig(nodeName, nodeId, datacenter, primaryDatacenter, dataDir, dev, server,
                bootstrap || dev, bootstrapExpect, t.string("bind_addr", "0.0.0.0"), advertise,
                t.get("advertise_addr_wan").map(Object::toString).orElse(advertise), clientAddrs, ports, addresses,
                t.string("domain", "consul."), t.get("alt_domain").map(Object::toString).orElse(null),
                t.strings("recursors"), nodeMeta, t.strings("start_join"), t.strings("start_join_wan"),
                t.strings("retry_join"), t.strings("retry_join_wan"), t.duration("retry_interval",
                Duration.ofSeconds(30)), (int) t.number("retry_max", 0), t.bool("rejoin_after_leave", false),
                // Consul: clients leave on SIGTERM, servers do not; servers stay on SIGINT, clients leave.
                t.bool("leave_on_terminate", !server), t.bool("skip_leave_on_interrupt", server), logLevel,
                t.get("log_file").map(Object::toString).orElse(null), t.bool("log_json", false),
                t.bool("enable_syslog", false), t.string("syslog_facility", "LOCAL0"),
                t.get("pid_file").map(v -> Path.of(v.toString())).orElse(null), t.bool("ui_config.enabled", false),
                t.get("ui_config.dir").map(v -> Path.of(v.toString())).orElse(null),
                t.bool("enable_script_checks", false), t.bool("enable_local_script_checks", false), encrypt,
                t.bool("disable_host_node_id", true), t.number("limits.kv_max_value_size", 524288),
                t.duration("check_update_interval", Duration.ofMinutes(5)), reconnectTimeout,
                stringMap(t.section("plugins")), services, checks, watches(t));
    }

    private static int port(ConfigTree t, String name) {
        int p = (int) t.number("ports." + name, -1);
        return p <= 0 ? -1 : p;
    }

    private static List<String> addrs(ConfigTree t, String name, List<String> fallback) {
        return t.get("addresses." + name).map(v -> Values.checkIpList(v.toString())).orElse(fallback);
    }

    private static Map<String, String> stringMap(Map<String, Object> section) {
        Map<String, String> out = new LinkedHashMap<>();
        section.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> watches(ConfigTree t) {
        return t.get("watches").map(v -> (List<Map<String, Object>>) v).orElse(List.of());
    }

    private static String logLevel(String level) throws ConfigException {
        return switch (level.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> "TRACE";
            case "DEBUG" -> "DEBUG";
            case "INFO" -> "INFO";
            case "WARN", "WARNING" -> "WARN";
            case "ERR", "ERROR" -> "ERR";
            default -> throw new ConfigException("Invalid log level: \"" + level + "\". Valid log levels are: TRACE,"
                    + " DEBUG, INFO, WARN, ERR (-log-level or \"log_level\")");
        };
    }

    private static void checkEncryptKey(String key) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("encrypt has an invalid key: it is not valid base64 (" + e.getMessage()
                    + "); generate one with 'muster keygen' or 'consul keygen'", e);
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new ConfigException("encrypt has an invalid key: it decodes to " + bytes.length + " bytes but must"
                    + " be 16, 24 or 32 bytes of base64; generate one with 'muster keygen' or 'consul keygen'");
        }
    }

    /** Consul's limits on node metadata (agent/structs ValidateNodeMetadata). */
    private static void checkNodeMeta(Map<String, String> meta) throws ConfigException {
        if (meta.size() > 64) {
            throw new ConfigException("node_meta has " + meta.size() + " pairs; at most 64 are allowed");
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String k = e.getKey();
            if (!META_KEY.matcher(k).matches() || k.length() > 128) {
                throw new ConfigException("node_meta key \"" + k + "\" is invalid: keys are 1 to 128 characters of"
                        + " letters, digits, '_' and '-' (-node-meta key:value)");
            }
            if (k.startsWith("consul-")) {
                throw new ConfigException("node_meta key \"" + k + "\" is invalid: the prefix 'consul-' is reserved");
            }
            if (e.getValue().length() > 512) {
                throw new ConfigException("node_meta value for \"" + k + "\" is longer than 512 characters");
            }
        }
    }

    /**
     * The host name as Go's {@code os.Hostname} gives it (Consul's default node name): the kernel's name, without
     * a DNS lookup, which {@code InetAddress.getLocalHost} would do and which hangs on hosts with broken resolvers.
     */
    private static String localHostname() {
        Path kernelName = Path.of("/proc/sys/kernel/hostname");
        try {
            if (Files.isReadable(kernelName)) {
                String name = Files.readString(kernelName).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (java.io.IOException e) {
            // Not Linux or not readable: the environment and the resolver below still know the name.
            LoggerHolder.LOG.debug("cannot read {}: {}", kernelName, e.toString());
        }
        for (String var : List.of("HOSTNAME", "COMPUTERNAME")) {
            String env = System.getenv(var);
            if (env != null && !env.isBlank()) {
                return env.trim();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // No name at all: build() then asks for -node.
            LoggerHolder.LOG.debug("cannot resolve the local host name: {}", e.toString());
            return null;
        }
    }

    private static final class LoggerHolder {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);
    }
}
