package io.muster.cli.operator;

import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Columns;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.List;
import java.util.Map;

/** `operator raft list-peers`: GET /v1/operator/raft/configuration as Consul's peer table. */
public final class RaftListPeersCommand extends ApiCommand {

    public RaftListPeersCommand() {
        super(true);
    }

    @Override
    public String synopsis() {
        return "Display the current Raft peer configuration";
    }

    @Override
    protected String helpText() {
        return "Usage: muster operator raft list-peers [options]\n\n"
                + "  Displays the current Raft peer configuration.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        Map<String, Object> configuration;
        try {
            configuration = Json.object(client(io).get("/v1/operator/raft/configuration", Map.of()).json());
        } catch (ApiException e) {
            throw new CliException("Error getting peers: " + e.getMessage());
        }
        Columns table = new Columns().row("Node", "ID", "Address", "State", "Voter", "RaftProtocol");
        for (Object raw : Json.array(configuration.get("Servers"))) {
            Map<String, Object> server = Json.object(raw);
            String protocol = Json.string(server.get("ProtocolVersion"));
            table.row(Json.string(server.get("Node")), Json.string(server.get("ID")),
                    Json.string(server.get("Address")),
                    Boolean.TRUE.equals(server.get("Leader")) ? "leader" : "follower",
                    String.valueOf(Boolean.TRUE.equals(server.get("Voter"))), protocol.isEmpty() ? "<=1" : protocol);
        }
        io.out().print(table.format());
        return 0;
    }
}
