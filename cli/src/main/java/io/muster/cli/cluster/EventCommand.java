package io.muster.cli.cluster;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** `event`: PUT /v1/event/fire/:name with an optional payload and node/service/tag filters. */
public final class EventCommand extends ApiCommand {
    private final FlagSet.Flag<String> name = flags.string("name", "", "Name of the event.");
    private final FlagSet.Flag<String> node = flags.string("node", "",
            "Regular expression to filter on node names.");
    private final FlagSet.Flag<String> service = flags.string("service", "",
            "Regular expression to filter on service instances.");
    private final FlagSet.Flag<String> tag = flags.string("tag", "",
            "Regular expression to filter on service tags. Must be used with -service.");

    public EventCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Fire a new event";
    }

    @Override
    protected String helpText() {
        return "Usage: muster event [options] [payload]\n\n"
                + "  Dispatches a custom user event across a datacenter. An event must provide\n"
                + "  a name, but a payload is optional. Events support filtering using\n"
                + "  regular expressions on node name, service, and tag definitions.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (name.get().isEmpty()) {
            io.err().println("Event name must be specified");
            io.err().println();
            io.err().print(help());
            return 1;
        }
        compile(node.get(), "node");
        compile(service.get(), "service");
        compile(tag.get(), "tag");
        if (!tag.get().isEmpty() && service.get().isEmpty()) {
            throw new UsageException("Cannot provide tag filter without service filter.");
        }
        if (args.size() > 1) {
            io.err().println("Too many command line arguments.");
            io.err().println();
            io.err().print(help());
            return 1;
        }
        byte[] payload = args.isEmpty() ? null : args.get(0).getBytes(StandardCharsets.UTF_8);
        Map<String, String> query = new LinkedHashMap<>();
        if (!node.get().isEmpty()) {
            query.put("node", node.get());
        }
        if (!service.get().isEmpty()) {
            query.put("service", service.get());
        }
        if (!tag.get().isEmpty()) {
            query.put("tag", tag.get());
        }
        io.muster.cli.core.ApiClient client = client(io);
        try {
            client.get("/v1/agent/self", Map.of());
        } catch (ApiException e) {
            throw new CliException("Error querying Consul agent: " + e.getMessage());
        }
        Map<String, Object> event;
        try {
            event = Json.object(client.put("/v1/event/fire/" + name.get(), query,
                    payload == null ? new byte[0] : payload).json());
        } catch (ApiException e) {
            throw new CliException("Error firing event: " + e.getMessage());
        }
        io.out().println("Event ID: " + Json.string(event.get("ID")));
        return 0;
    }

    private static void compile(String regex, String what) throws UsageException {
        if (regex.isEmpty()) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new UsageException("Failed to compile " + what + " filter regexp: " + e.getMessage());
        }
    }
}
