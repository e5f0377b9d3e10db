package io.muster.kernel.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flags of {@code consul agent}, parsed the way Go's {@code flag} package does: {@code -name value},
 * {@code -name=value}, one or two dashes, booleans only as {@code -name} or {@code -name=bool}, parsing stops at
 * the first non-flag argument or {@code --}.
 */
final class AgentFlags {
    static final String USAGE_HINT = "Run 'agent -h' to see the flags the agent accepts.";

    enum Kind { BOOL, STRING, INT, PORT, DURATION, IP, IP_LIST, LIST, RECURSOR, META }

    /** One flag: where its value goes in the config tree (null for flags the loader handles itself). */
    record Flag(String name, Kind kind, String path, String help) {
        boolean repeatable() {
            return kind == Kind.LIST || kind == Kind.RECURSOR;
        }
    }

    /** A -config-dir or -config-file argument, in the order given. */
    record ConfigPath(String path, boolean directory) {
    }

    /**
     * The parsed command line. Consul merges list flags before the config files (so file entries are appended
     * after them) and scalar flags after the files (so they win): {@code slices} and {@code values} keep them
     * apart for that.
     */
    record Parsed(Map<String, Object> slices, Map<String, Object> values, List<ConfigPath> configPaths,
            String configFormat, boolean dev, List<String> hcl, List<String> warnings) {
    }

    private static final Map<String, Flag> FLAGS = new TreeMap<>();
    private static final Map<String, String> OBSOLETE = Map.of(
            "atlas", "HashiCorp Atlas integration was removed from Consul in 0.9.3",
            "atlas-join", "HashiCorp Atlas integration was removed from Consul in 0.9.3",
            "atlas-token", "HashiCorp Atlas integration was removed from Consul in 0.9.3",
            "atlas-endpoint", "HashiCorp Atlas integration was removed from Consul in 0.9.3");

    private static void add(String name, Kind kind, String path, String help) {
        FLAGS.put(name, new Flag(name, kind, path, help));
    }

    static {
        add("advertise", Kind.IP, "advertise_addr", "Sets the advertise address to use.");
        add("advertise-wan", Kind.IP, "advertise_addr_wan",
                "Sets address to advertise on WAN instead of -advertise address.");
        add("alt-domain", Kind.STRING, "alt_domain", "Alternate domain to use for DNS interface.");
        add("bind", Kind.IP, "bind_addr", "Sets the bind address for cluster communication.");
        add("bootstrap", Kind.BOOL, "bootstrap", "Sets server to bootstrap mode.");
        add("bootstrap-expect", Kind.INT, "bootstrap_expect", "Sets server to expect bootstrap mode.");
        add("client", Kind.IP_LIST, "client_addr", "Sets the address to bind for client access. This includes"
                + " RPC, DNS, HTTP, HTTPS and gRPC (if configured).");
        add("config-dir", Kind.STRING, null, "Path to a directory to read configuration files from. This will read"
                + " every file ending in '.json', '.hcl' or '.conf' (HOCON) as configuration in this directory in"
                + " alphabetical order. Can be specified multiple times.");
        add("config-file", Kind.STRING, null, "Path to a file in JSON, HCL or HOCON format with a matching file"
                + " extension. Can be specified multiple times.");
        add("config-format", Kind.STRING, null,
                "Config files are in this format irrespective of their extension. Must be 'hcl', 'json' or 'hocon'.");
        add("data-dir", Kind.STRING, "data_dir", "Path to a data directory to store agent state.");
        add("datacenter", Kind.STRING, "datacenter", "Datacenter of the agent.");
        add("dc", Kind.STRING, "datacenter", "Datacenter of the agent (alias of -datacenter).");
        add("dev", Kind.BOOL, null, "Starts the agent in development mode.");
        add("disable-host-node-id", Kind.BOOL, "disable_host_node_id", "Setting this to true will prevent Muster"
                + " from using information from the host to generate a node ID, and will cause it to generate a"
                + " random node ID instead.");
        add("disable-keyring-file", Kind.BOOL, "disable_keyring_file", "Disables the backing up of the keyring to a file.");
        add("dns-port", Kind.PORT, "ports.dns", "DNS port to use.");
        add("domain", Kind.STRING, "domain", "Domain to use for DNS interface.");
        add("enable-local-script-checks", Kind.BOOL, "enable_local_script_checks",
                "Enables health check scripts from configuration file.");
        add("enable-script-checks", Kind.BOOL, "enable_script_checks", "Enables health check scripts.");
        add("encrypt", Kind.STRING, "encrypt", "Provides the gossip encryption key.");
        add("grpc-port", Kind.PORT, "ports.grpc", "Sets the gRPC API port to listen on.");
        add("hcl", Kind.STRING, null, "hcl config fragment. Can be specified multiple times.");
        add("http-port", Kind.PORT, "ports.http", "Sets the HTTP API port to listen on.");
        add("https-port", Kind.PORT, "ports.https", "Sets the HTTPS API port to listen on.");
        add("join", Kind.LIST, "start_join",
                "Address of an agent to join at start time. Can be specified multiple times.");
        add("join-wan", Kind.LIST, "start_join_wan",
                "Address of an agent to join -wan at start time. Can be specified multiple times.");
        add("log-file", Kind.STRING, "log_file", "Path to the file the logs get written to.");
        add("log-json", Kind.BOOL, "log_json", "Output logs in JSON format.");
        add("log-level", Kind.STRING, "log_level", "Log level of the agent.");
        add("node", Kind.STRING, "node_name", "Name of this node. Must be unique in the cluster.");
        add("node-id", Kind.STRING, "node_id", "A unique ID for this node across space and time. Defaults to a"
                + " randomly-generated ID that persists in the data-dir.");
        add("node-meta", Kind.META, "node_meta", "An arbitrary metadata key/value pair for this node, of the format"
                + " `key:value`. Can be specified multiple times.");
        add("pid-file", Kind.STRING, "pid_file", "Path to file to store agent PID.");
        add("protocol", Kind.INT, "protocol", "Sets the protocol version. Defaults to latest.");
        add("raft-protocol", Kind.INT, "raft_protocol", "Sets the Raft protocol version. Defaults to latest.");
        add("recursor", Kind.RECURSOR, "recursors",
                "Address of an upstream DNS server. Can be specified multiple times.");
        add("rejoin", Kind.BOOL, "rejoin_after_leave", "Ignores a previous leave and attempts to rejoin the cluster.");
        add("retry-interval", Kind.DURATION, "retry_interval", "Time to wait between join attempts.");
        add("retry-interval-wan", Kind.DURATION, "retry_interval_wan", "Time to wait between join -wan attempts.");
        add("retry-join", Kind.LIST, "retry_join", "Address of an agent to join at start time with retries enabled."
                + " Can be specified multiple times.");
        add("retry-join-wan", Kind.LIST, "retry_join_wan", "Address of an agent to join -wan at start time with"
                + " retries enabled. Can be specified multiple times.");
        add("retry-max", Kind.INT, "retry_max",
                "Maximum number of join attempts. Defaults to 0, which will retry indefinitely.");
        add("retry-max-wan", Kind.INT, "retry_max_wan",
                "Maximum number of join -wan attempts. Defaults to 0, which will retry indefinitely.");
        add("segment", Kind.STRING, "segment", "(Enterprise-only) Sets the network segment to join.");
        add("serf-lan-bind", Kind.IP, "serf_lan", "Address to bind Serf LAN listeners to.");
        add("serf-lan-port", Kind.PORT, "ports.serf_lan", "Sets the Serf LAN port to listen on.");
        add("serf-wan-bind", Kind.IP, "serf_wan", "Address to bind Serf WAN listeners to.");
        add("serf-wan-port", Kind.PORT, "ports.serf_wan", "Sets the Serf WAN port to listen on.");
        add("server", Kind.BOOL, "server", "Switches agent to server mode.");
        add("server-port", Kind.PORT, "ports.server", "Sets the server port to listen on.");
        add("syslog", Kind.BOOL, "enable_syslog", "Enables logging to syslog.");
        add("ui", Kind.BOOL, "ui_config.enabled", "Enables the built-in static web UI server.");
        add("ui-content-path", Kind.STRING, "ui_config.content_path", "Sets the external UI path to a string."
                + " Defaults to: /ui/");
        add("ui-dir", Kind.STRING, "ui_config.dir", "Path to directory containing the web UI resources.");
    }

    private AgentFlags() {
    }

    static Parsed parse(List<String> args) throws ConfigException {
        Map<String, Object> slices = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        List<ConfigPath> paths = new ArrayList<>();
        List<String> hcl = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String format = null;
        boolean dev = false;
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            String name = arg.substring(arg.charAt(1) == '-' ? 2 : 1);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw usageError("bad flag syntax: " + arg);
            }
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            i++;
            if (name.equals("h") || name.equals("help")) {
                throw ConfigException.help(usage());
            }
            if (OBSOLETE.containsKey(name)) {
                if (value == null && !name.equals("atlas-join") && i < args.size()) {
                    i++;
                }
                warnings.add("flag -" + name + " is obsolete and ignored: " + OBSOLETE.get(name));
                continue;
            }
            Flag flag = FLAGS.get(name);
            if (flag == null) {
                throw usageError("flag provided but not defined: -" + name);
            }
            if (flag.kind() == Kind.BOOL) {
                Boolean b = value == null ? Boolean.TRUE : Values.parseGoBool(value);
                if (b == null) {
                    throw usageError("invalid boolean value \"" + value + "\" for -" + name
                            + ": expected -" + name + ", -" + name + "=true or -" + name + "=false");
                }
                if (name.equals("dev")) {
                    dev = b;
                } else {
                    setPath(values, flag.path(), b);
                }
                continue;
            }
            if (value == null) {
                if (i >= args.size()) {
                    throw usageError("flag needs an argument: -" + name);
                }
                value = args.get(i++);
            }
            switch (name) {
                case "config-dir" -> paths.add(new ConfigPath(value, true));
                case "config-file" -> paths.add(new ConfigPath(value, false));
                case "hcl" -> hcl.add(value);
                case "config-format" -> {
                    if (!List.of("json", "hcl", "hocon").contains(value)) {
                        throw usageError("invalid value \"" + value + "\" for flag -config-format:"
                                + " must be 'hcl', 'json' or 'hocon'");
                    }
                    format = value;
                }
                default -> setFlag(flag, value, slices, values);
            }
        }
        if (i < args.size()) {
            throw usageError("Unexpected extra arguments: " + args.subList(i, args.size())
                    + " (boolean flags take their value as -flag=false, not -flag false)");
        }
        return new Parsed(slices, values, List.copyOf(paths), format, dev, List.copyOf(hcl), warnings);
    }

    @SuppressWarnings("unchecked")
    private static void setFlag(Flag flag, String value, Map<String, Object> slices, Map<String, Object> values)
            throws ConfigException {
        String name = flag.name();
        try {
            switch (flag.kind()) {
                case STRING -> setPath(values, flag.path(), value);
                case INT -> {
                    try {
                        setPath(values, flag.path(), Long.parseLong(value.trim()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("expected a whole number, e.g. -" + name + "=3");
                    }
                }
                case PORT -> {
                    long port;
                    try {
                        port = Long.parseLong(value.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("expected a port number from 1 to 65535, or -1 to disable");
                    }
                    setPath(values, flag.path(), Values.checkPort(port));
                }
                case DURATION -> {
                    GoDuration.parse(value);
                    setPath(values, flag.path(), value.trim());
                }
                case IP -> setPath(values, flag.path(), Values.checkIp(value));
                case IP_LIST -> {
                    Values.checkIpList(value);
                    setPath(values, flag.path(), value.trim());
                }
                case LIST, RECURSOR -> {
                    if (flag.kind() == Kind.RECURSOR) {
                        Values.checkRecursor(value);
                    }
                    ((List<Object>) slices.computeIfAbsent(flag.path(), k -> new ArrayList<>())).add(value);
                }
                case META -> {
                    // Consul splits at the first ':'; a bare key gets an empty value.
                    int colon = value.indexOf(':');
                    String key = colon < 0 ? value : value.substring(0, colon);
                    if (key.isEmpty()) {
                        throw new IllegalArgumentException("expected key:value with a non-empty key");
                    }
                    Map<String, Object> meta =
                            (Map<String, Object>) values.computeIfAbsent(flag.path(), k -> new LinkedHashMap<>());
                    meta.put(key, colon < 0 ? "" : value.substring(colon + 1));
                }
                default -> throw new IllegalStateException("flag kind " + flag.kind());
            }
        } catch (IllegalArgumentException e) {
            throw usageError("invalid value \"" + value + "\" for flag -" + name + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static void setPath(Map<String, Object> tree, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = tree;
        for (int p = 0; p < parts.length - 1; p++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[p], k -> new LinkedHashMap<>());
        }
        node.put(parts[parts.length - 1], value);
    }

    private static ConfigException usageError(String message) {
        return new ConfigException(message + "\n" + USAGE_HINT);
    }

    /** Every flag name, for tests and completion. */
    static Map<String, Flag> flags() {
        return Collections.unmodifiableMap(FLAGS);
    }

    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: muster agent [options]\n\n")
                .append("  Starts the Muster agent and runs until an interrupt is received. The\n")
                .append("  agent represents a single node in a cluster.\n\n")
                .append("Command Options\n\n");
        for (Flag f : FLAGS.values()) {
            sb.append("  -").append(f.name());
            if (f.kind() != Kind.BOOL) {
                sb.append("=<value>");
            }
            sb.append('\n');
            wrap(sb, f.help());
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void wrap(StringBuilder sb, String text) {
        StringBuilder line = new StringBuilder("    ");
        for (String word : text.split(" ")) {
            if (line.length() + word.length() > 76 && line.length() > 4) {
                sb.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder("    ");
            }
            line.append(word).append(' ');
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
