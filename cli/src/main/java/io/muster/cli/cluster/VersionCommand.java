package io.muster.cli.cluster;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import io.muster.cli.core.Version;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `version`: Muster's version and the Consul API version it mirrors, then the plugins the agent reports in
 * /v1/agent/self when one answers. No agent is not an error: the version is still printed and the exit is 0.
 */
public final class VersionCommand extends ApiCommand {
    private final FlagSet.Flag<String> format = flags.string("format", "pretty", "<pretty|json>",
            "Output format {pretty|json}");

    public VersionCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Prints the Consul version";
    }

    @Override
    protected String helpText() {
        return "Usage: muster version [options]\n\n  Prints the Muster version and the Consul version it is "
                + "compatible with.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (!format.get().equals("pretty") && !format.get().equals("json")) {
            throw new UsageException("Invalid format: " + format.get() + " (use pretty or json)");
        }
        List<Object> plugins = plugins(io);
        if (format.get().equals("json")) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("Version", Version.MUSTER);
            out.put("ConsulCompatible", Version.CONSUL);
            out.put("Revision", "");
            out.put("Prerelease", "");
            Map<String, Object> rpc = new LinkedHashMap<>();
            rpc.put("Default", 2L);
            rpc.put("Min", 2L);
            rpc.put("Max", 3L);
            out.put("RPC", rpc);
            out.put("Plugins", plugins == null ? List.of() : plugins);
            io.out().println(Json.writeIndented(out, "  "));
            return 0;
        }
        io.out().println("Muster v" + Version.MUSTER);
        io.out().println("Consul-compatible API v" + Version.CONSUL);
        io.out().println("Protocol 2 spoken by default, understands 2 to 3 (agent will automatically use "
                + "protocol >2 when speaking to compatible agents)");
        if (plugins != null && !plugins.isEmpty()) {
            io.out().println();
            io.out().println("Plugins loaded by the agent at " + address(io).display() + ":");
            io.out().print(PluginTable.format(plugins));
        }
        return 0;
    }

    /** The agent's plugin list, or null when no agent answers (which is fine for `version`). */
    private List<Object> plugins(Io io) {
        try {
            ApiClient client = client(io);
            return Json.array(Json.object(client.get("/v1/agent/self", Map.of()).json()).get("Plugins"));
        } catch (UsageException | CliException e) {
            return null;
        }
    }
}
