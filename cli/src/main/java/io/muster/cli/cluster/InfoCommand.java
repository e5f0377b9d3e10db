package io.muster.cli.cluster;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** `info`: the Stats section of GET /v1/agent/self, sorted, in Consul's "section:\n\tkey = value" layout. */
public final class InfoCommand extends ApiCommand {

    public InfoCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Provides debugging information for operators.";
    }

    @Override
    protected String helpText() {
        return "Usage: muster info [options]\n\n"
                + "  Provides debugging information for operators";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        Map<String, Object> self;
        try {
            self = Json.object(client(io).get("/v1/agent/self", Map.of()).json());
        } catch (ApiException e) {
            throw new CliException("Error querying agent: " + e.getMessage());
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> section : new TreeMap<>(Json.object(self.get("Stats"))).entrySet()) {
            sb.append(section.getKey()).append(":\n");
            for (Map.Entry<String, Object> stat : new TreeMap<>(Json.object(section.getValue())).entrySet()) {
                sb.append('\t').append(stat.getKey()).append(" = ").append(Json.string(stat.getValue()))
                        .append('\n');
            }
        }
        io.out().print(sb);
        return 0;
    }
}
