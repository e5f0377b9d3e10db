package io.muster.cli.catalog;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** `services deregister`: PUT /v1/agent/service/deregister/:id for -id or each service in the given files. */
public final class ServicesDeregisterCommand extends ApiCommand {
    private final FlagSet.Flag<String> id = flags.string("id", "", "ID to deregister.");

    public ServicesDeregisterCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Deregister services with the local agent";
    }

    @Override
    protected String helpText() {
        return "Usage: muster services deregister [options] [FILE...]\n\n"
                + "  Deregister one or more services that were previously registered with\n"
                + "  the local agent.\n\n"
                + "      $ muster services deregister web.json\n\n"
                + "  The -id flag may be used to deregister a single service by ID:\n\n"
                + "      $ muster services deregister -id=web";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        List<String> ids = new ArrayList<>();
        if (!id.get().isEmpty()) {
            if (!args.isEmpty()) {
                throw new UsageException("Error: -id cannot be combined with definition files");
            }
            ids.add(id.get());
        } else if (args.isEmpty()) {
            throw new UsageException("Error! Must specify -id or at least one definition file");
        } else {
            for (String file : args) {
                for (Map<String, Object> service : ServiceDefinitions.parse(file, readFile(io, file))) {
                    String serviceId = ServiceDefinitions.field(service, "id", "ID");
                    ids.add(serviceId.isEmpty() ? ServiceDefinitions.field(service, "name", "Name") : serviceId);
                }
            }
        }
        ApiClient client = client(io);
        for (String serviceId : ids) {
            try {
                client.put("/v1/agent/service/deregister/" + serviceId, Map.of(), null);
            } catch (ApiException e) {
                throw new CliException("Error deregistering service \"" + serviceId + "\": " + e.getMessage());
            }
            io.out().println("Deregistered service: " + serviceId);
        }
        return 0;
    }
}
