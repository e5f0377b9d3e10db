package io.muster.cli;

import io.muster.cli.catalog.CatalogDatacentersCommand;
import io.muster.cli.catalog.CatalogNodesCommand;
import io.muster.cli.catalog.CatalogServicesCommand;
import io.muster.cli.catalog.ServicesDeregisterCommand;
import io.muster.cli.catalog.ServicesRegisterCommand;
import io.muster.cli.cluster.EventCommand;
import io.muster.cli.exec.ExecCommand;
import io.muster.cli.cluster.ForceLeaveCommand;
import io.muster.cli.cluster.InfoCommand;
import io.muster.cli.cluster.JoinCommand;
import io.muster.cli.cluster.KeygenCommand;
import io.muster.cli.cluster.KeyringCommand;
import io.muster.cli.cluster.LeaveCommand;
import io.muster.cli.cluster.MaintCommand;
import io.muster.cli.cluster.MembersCommand;
import io.muster.cli.cluster.MonitorCommand;
import io.muster.cli.cluster.ReloadCommand;
import io.muster.cli.cluster.RttCommand;
import io.muster.cli.cluster.VersionCommand;
import io.muster.cli.config.ValidateCommand;
import io.muster.cli.core.Command;
import io.muster.cli.core.Io;
import io.muster.cli.core.ParentCommand;
import io.muster.cli.kv.KvDeleteCommand;
import io.muster.cli.kv.KvExportCommand;
import io.muster.cli.kv.KvGetCommand;
import io.muster.cli.kv.KvImportCommand;
import io.muster.cli.kv.KvPutCommand;
import io.muster.cli.lock.LockCommand;
import io.muster.cli.operator.AutopilotGetConfigCommand;
import io.muster.cli.operator.AutopilotSetConfigCommand;
import io.muster.cli.operator.AutopilotStateCommand;
import io.muster.cli.operator.RaftListPeersCommand;
import io.muster.cli.operator.RaftRemovePeerCommand;
import io.muster.cli.operator.SnapshotInspectCommand;
import io.muster.cli.operator.SnapshotRestoreCommand;
import io.muster.cli.operator.SnapshotSaveCommand;
import io.muster.cli.watch.WatchCommand;
import java.util.List;

/**
 * Dispatches `muster <command> [args]` the way Consul's CLI (mitchellh/cli) does: the longest run of leading
 * words naming a command picks it; -v/--version anywhere before the command means `version`; no command or an
 * unknown one prints the command list and exits 127. Commands are created by a switch, only the one that runs,
 * so start-up loads no other command class.
 */
public final class Cli {
    /** Every command name with its synopsis; hidden aliases (configtest) are not listed. */
    static final String[][] COMMANDS = {
        {"catalog", "Interact with the catalog"},
        {"catalog datacenters", "Lists all known datacenters"},
        {"catalog nodes", "Lists all nodes in the given datacenter"},
        {"catalog services", "Lists all registered services in a datacenter"},
        {"event", "Fire a new event"},
        {"exec", "Executes a command on Consul nodes"},
        {"force-leave", "Forces a member of the cluster to enter the \"left\" state"},
        {"info", "Provides debugging information for operators."},
        {"join", "Tell Consul agent to join cluster"},
        {"keygen", "Generates a new encryption key"},
        {"keyring", "Manages gossip layer encryption keys"},
        {"kv", "Interact with the key-value store"},
        {"kv delete", "Removes data from the KV store"},
        {"kv export", "Exports a tree from the KV store as JSON"},
        {"kv get", "Retrieves or lists data from the KV store"},
        {"kv import", "Imports a tree stored as JSON to the KV store"},
        {"kv put", "Sets or updates data in the KV store"},
        {"leave", "Gracefully leaves the Consul cluster and shuts down"},
        {"lock", "Execute a command holding a lock"},
        {"maint", "Controls node or service maintenance mode"},
        {"members", "Lists the members of a Consul cluster"},
        {"monitor", "Stream logs from a Consul agent"},
        {"operator", "Provides cluster-level tools for Consul operators"},
        {"operator autopilot", "Provides tools for modifying Autopilot configuration"},
        {"operator autopilot get-config", "Display the current Autopilot configuration"},
        {"operator autopilot set-config", "Modify the current Autopilot configuration"},
        {"operator autopilot state", "Display the current Autopilot state"},
        {"operator raft", "Provides cluster-level tools for Consul operators"},
        {"operator raft list-peers", "Display the current Raft peer configuration"},
        {"operator raft remove-peer", "Remove a Consul server from the Raft configuration"},
        {"reload", "Triggers the agent to reload configuration files"},
        {"rtt", "Estimates network round trip time between nodes"},
        {"services", "Interact with services"},
        {"services deregister", "Deregister services with the local agent"},
        {"services register", "Register services with the local agent"},
        {"snapshot", "Saves, restores and inspects snapshots of Consul server state"},
        {"snapshot inspect", "Displays information about a Consul snapshot file"},
        {"snapshot restore", "Restores snapshot of Consul server state"},
        {"snapshot save", "Saves snapshot of Consul server state"},
        {"validate", "Validate config files/directories"},
        {"version", "Prints the Consul version"},
        {"watch", "Watch for changes in Consul"},
    };

    private Cli() {
    }

    static Command create(String name) {
        switch (name) {
            case "catalog datacenters": return new CatalogDatacentersCommand();
            case "catalog nodes": return new CatalogNodesCommand();
            case "catalog services": return new CatalogServicesCommand();
            case "event": return new EventCommand();
            case "exec": return new ExecCommand();
            case "force-leave": return new ForceLeaveCommand();
            case "info": return new InfoCommand();
            case "join": return new JoinCommand();
            case "keygen": return new KeygenCommand();
            case "keyring": return new KeyringCommand();
            case "kv delete": return new KvDeleteCommand();
            case "kv export": return new KvExportCommand();
            case "kv get": return new KvGetCommand();
            case "kv import": return new KvImportCommand();
            case "kv put": return new KvPutCommand();
            case "leave": return new LeaveCommand();
            case "lock": return new LockCommand();
            case "maint": return new MaintCommand();
            case "members": return new MembersCommand();
            case "monitor": return new MonitorCommand();
            case "operator autopilot get-config": return new AutopilotGetConfigCommand();
            case "operator autopilot set-config": return new AutopilotSetConfigCommand();
            case "operator autopilot state": return new AutopilotStateCommand();
            case "operator raft list-peers": return new RaftListPeersCommand();
            case "operator raft remove-peer": return new RaftRemovePeerCommand();
            case "reload": return new ReloadCommand();
            case "rtt": return new RttCommand();
            case "services deregister": return new ServicesDeregisterCommand();
            case "services register": return new ServicesRegisterCommand();
            case "snapshot inspect": return new SnapshotInspectCommand();
            case "snapshot restore": return new SnapshotRestoreCommand();
            case "snapshot save": return new SnapshotSaveCommand();
            case "validate": return new ValidateCommand("validate");
            case "configtest": return new ValidateCommand("configtest");
            case "version": return new VersionCommand();
            case "watch": return new WatchCommand();
            default: return parent(name);
        }
    }

    private static Command parent(String name) {
        String synopsis = synopsis(name);
        if (synopsis == null) {
            return null;
        }
        String help = "Usage: consul " + name + " <subcommand> [options] [args]\n\n  " + synopsis + ".\n"
                + "  Run a subcommand with -h for its options.";
        return new ParentCommand(synopsis, help.replace("consul ", "muster "), listing(name + " "));
    }

    private static String synopsis(String name) {
        for (String[] command : COMMANDS) {
            if (command[0].equals(name)) {
                return command[1];
            }
        }
        return null;
    }

    /** The commands directly under prefix ("" for the top level), padded like Consul's list. */
    static String listing(String prefix) {
        StringBuilder sb = new StringBuilder();
        int width = 0;
        for (String[] command : COMMANDS) {
            if (isDirectChild(prefix, command[0])) {
                width = Math.max(width, command[0].length() - prefix.length());
            }
        }
        for (String[] command : COMMANDS) {
            if (isDirectChild(prefix, command[0])) {
                String name = command[0].substring(prefix.length());
                sb.append("    ").append(name).append(" ".repeat(width - name.length() + 4)).append(command[1])
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private static boolean isDirectChild(String prefix, String name) {
        return name.startsWith(prefix) && name.length() > prefix.length()
                && name.indexOf(' ', prefix.length()) < 0;
    }

    static String usage() {
        return "Usage: muster [--version] [--help] <command> [<args>]\n\nAvailable commands are:\n"
                + "    agent          Runs a Muster agent (Consul-compatible)\n" + listing("");
    }

    /** Runs one command line and returns the exit status. */
    public static int run(List<String> args, Io io) {
        int start = 0;
        while (start < args.size() && args.get(start).startsWith("-")) {
            String flag = args.get(start);
            if (flag.equals("-v") || flag.equals("-version") || flag.equals("--version")) {
                return create("version").run(List.of(), io);
            }
            if (flag.equals("-h") || flag.equals("-help") || flag.equals("--help")) {
                io.out().print(usage());
                return 0;
            }
            start++;
        }
        String found = null;
        int end = start;
        StringBuilder name = new StringBuilder();
        for (int i = start; i < args.size() && !args.get(i).startsWith("-"); i++) {
            if (name.length() > 0) {
                name.append(' ');
            }
            name.append(args.get(i));
            if (isCommand(name.toString())) {
                found = name.toString();
                end = i + 1;
            }
        }
        if (found == null) {
            if (start < args.size()) {
                io.err().println("Unknown command: \"" + args.get(start) + "\"\n");
            }
            io.err().print(usage());
            return 127;
        }
        if (found.equals("agent")) {
            io.err().println("`muster agent` is started by bin/muster (it runs bin/agent).");
            return 1;
        }
        return create(found).run(args.subList(end, args.size()), io);
    }

    private static boolean isCommand(String name) {
        return name.equals("configtest") || name.equals("agent") || synopsis(name) != null;
    }
}
