package io.muster.cli.catalog;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `services register`: PUT /v1/agent/service/register from definition files or from -name/-id/... flags. */
public final class ServicesRegisterCommand extends ApiCommand {
    private final FlagSet.Flag<String> name = flags.string("name", "", "Name of the service to register.");
    private final FlagSet.Flag<String> id = flags.string("id", "",
            "ID of the service to register. Defaults to the name.");
    private final FlagSet.Flag<String> address = flags.string("address", "",
            "Address of the service to register.");
    private final FlagSet.Flag<Long> port = flags.integer("port", 0, "Port of the service to register.");
    private final FlagSet.Flag<List<String>> tags = flags.list("tag", "<value>",
            "Tag to add to the service. This flag can be specified multiple times to set multiple tags.");
    private final FlagSet.Flag<List<String>> meta = flags.list("meta", "<key=value>",
            "Metadata to set on the service, formatted as key=value. This flag may be specified multiple "
                    + "times to set multiple meta fields.");

    public ServicesRegisterCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Register services with the local agent";
    }

    @Override
    protected String helpText() {
        return "Usage: muster services register [options] [FILE...]\n\n"
                + "  Register one or more services using the local agent API. Services can\n"
                + "  be registered from standard Consul configuration files (JSON) or\n"
                + "  using flags. The service is registered and the command returns. The caller\n"
                + "  must remember to call \"muster services deregister\" or a similar API to\n"
                + "  deregister the service when complete.\n\n"
                + "      $ muster services register web.json\n\n"
                + "  Additional flags and more advanced use cases are detailed below.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        List<Map<String, Object>> services = new ArrayList<>();
        if (!name.get().isEmpty()) {
            if (!args.isEmpty()) {
                throw new UsageException("Error: service flags cannot be combined with definition files");
            }
            services.add(fromFlags());
        } else if (args.isEmpty()) {
            throw new UsageException("Error! Must specify -name or at least one definition file");
        } else {
            for (String file : args) {
                services.addAll(ServiceDefinitions.parse(file, readFile(io, file)));
            }
        }
        ApiClient client = client(io);
        for (Map<String, Object> service : services) {
            String label = ServiceDefinitions.field(service, "name", "Name");
            try {
                client.put("/v1/agent/service/register", Map.of(),
                        Json.write(service).getBytes(StandardCharsets.UTF_8));
            } catch (ApiException e) {
                throw new CliException("Error registering service \"" + label + "\": " + e.getMessage());
            }
            io.out().println("Registered service: " + label);
        }
        return 0;
    }

    private Map<String, Object> fromFlags() throws UsageException {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("Name", name.get());
        if (!id.get().isEmpty()) {
            service.put("ID", id.get());
        }
        if (!address.get().isEmpty()) {
            service.put("Address", address.get());
        }
        if (port.get() != 0) {
            service.put("Port", port.get());
        }
        if (!tags.get().isEmpty()) {
            service.put("Tags", new ArrayList<Object>(tags.get()));
        }
        if (!meta.get().isEmpty()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String pair : meta.get()) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("Invalid -meta \"" + pair + "\": use key=value");
                }
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            service.put("Meta", values);
        }
        return service;
    }
}
