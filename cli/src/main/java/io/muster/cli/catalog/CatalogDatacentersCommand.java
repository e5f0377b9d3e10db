package io.muster.cli.catalog;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;

/** `catalog datacenters`: GET /v1/catalog/datacenters, one per line. */
public final class CatalogDatacentersCommand extends ApiCommand {

    public CatalogDatacentersCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Lists all known datacenters";
    }

    @Override
    protected String helpText() {
        return "Usage: muster catalog datacenters [options]\n\n"
                + "  Retrieves the list of all known datacenters. This datacenters are sorted in\n"
                + "  ascending order based on the estimated median round trip time from the servers\n"
                + "  in this datacenter to the servers in the other datacenters.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        if (!args.isEmpty()) {
            throw new UsageException("Too many arguments (expected 0, got " + args.size() + ")");
        }
        List<Object> dcs;
        try {
            dcs = Json.array(client(io).get("/v1/catalog/datacenters", Map.of()).json());
        } catch (ApiException e) {
            throw new CliException("Error listing datacenters: " + e.getMessage());
        }
        if (dcs.isEmpty()) {
            throw new CliException("No datacenters found");
        }
        for (Object dc : dcs) {
            io.out().println(Json.string(dc));
        }
        return 0;
    }
}
