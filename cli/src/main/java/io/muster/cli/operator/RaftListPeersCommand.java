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
        io.muster.cli.core.ApiClient client = client(io);
        Map<String, Object> configuration;
        try {
            configuration = Json.object(client.get("/v1/operator/raft/configuration", Map.of()).json());
        } catch (ApiException e) {
            throw new CliException("Error getting peers: Failed to retrieve raft configuration: " + e.getMessage());
        }
        // Consul 1.17+ adds each server's last index from autopilot health; rows without it show "_".
        Map<String, Long> lastIndex = new java.util.HashMap<>();
        try {
            // 429 means "unhealthy" and still carries the servers, as Consul's api client treats it
            var response = client.send("GET", "/v1/operator/autopilot/health", Map.of(), null);
            if (response.status() != 200 && response.status() != 429) {
                throw new ApiException(response.status(), "Unexpected response code: " + response.status());
            }
            Map<String, Object> health = Json.object(response.json());
            for (Object raw : Json.array(health.get("Servers"))) {
                Map<String, Object> server = Json.object(raw);
                lastIndex.put(Json.string(server.get("ID")), Json.number(server.get("LastIndex")));
            }
        } catch (ApiException e) {
            io.err().println("Warning: autopilot health unavailable, commit indexes not shown: " + e.getMessage());
        }
        long leaderIndex = 0;
        for (Object raw : Json.array(configuration.get("Servers"))) {
            Map<String, Object> server = Json.object(raw);
            if (Boolean.TRUE.equals(server.get("Leader"))) {
                leaderIndex = lastIndex.getOrDefault(Json.string(server.get("ID")), 0L);
            }
        }
        Columns table = new Columns().row("Node", "ID", "Address", "State", "Voter", "RaftProtocol",
                "Commit Index", "Trails Leader By");
        for (Object raw : Json.array(configuration.get("Servers"))) {
            Map<String, Object> server = Json.object(raw);
            String protocol = Json.string(server.get("ProtocolVersion"));
            boolean leader = Boolean.TRUE.equals(server.get("Leader"));
            String id = Json.string(server.get("ID"));
            String node = Json.string(server.get("Node"));
            String address = Json.string(server.get("Address"));
            String state = leader ? "leader" : "follower";
            String voter = String.valueOf(Boolean.TRUE.equals(server.get("Voter")));
            String raftProtocol = protocol.isEmpty() ? "<=1" : protocol;
            Long index = lastIndex.get(id);
            if (index == null) {
                table.row(node, id, address, state, voter, raftProtocol, "_");
                continue;
            }
            long trails = leaderIndex - index;
            String trailsText = leader ? "_" : trails <= 1 ? trails + " Commit" : trails + " Commits";
            table.row(node, id, address, state, voter, raftProtocol, String.valueOf(index), trailsText);
        }
        io.out().print(table.format());
        return 0;
    }
}
