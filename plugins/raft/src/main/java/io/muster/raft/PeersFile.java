package io.muster.raft;

import io.muster.spi.consensus.ConsensusServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files in {@code data-dir/raft/}: {@code voters} (this server's last known voter ids, one a line, rewritten on
 * every change so a restart resumes without bootstrap flags) and the operator's {@code peers.json} for outage
 * recovery, in Consul's raft-protocol-3 form: {@code [{"id": "node1", "address": "10.0.0.1:8305"}, ...]}.
 * {@code address} is the server's raft address ({@code ports.raft}); {@code non_voter} is ignored.
 */
final class PeersFile {
    static final String VOTERS = "voters";
    static final String PEERS_JSON = "peers.json";
    private static final Pattern OBJECT = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern FIELD = Pattern.compile("\"(id|address)\"\\s*:\\s*\"([^\"]*)\"");

    private PeersFile() {
    }

    static Optional<List<String>> readVoters(Path raftDir) throws IOException {
        Path f = raftDir.resolve(VOTERS);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        List<String> ids = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return Optional.of(ids);
    }

    static void writeVoters(Path raftDir, List<String> voters) throws IOException {
        Files.createDirectories(raftDir);
        Path tmp = raftDir.resolve(VOTERS + ".tmp");
        Files.write(tmp, (String.join("\n", voters) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, raftDir.resolve(VOTERS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Optional<List<ConsensusServer>> readPeersJson(Path raftDir, int defaultServerPort) throws IOException {
        Path f = raftDir.resolve(PEERS_JSON);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return Optional.of(parsePeersJson(Files.readString(f, StandardCharsets.UTF_8), f.toString(),
                defaultServerPort));
    }

    static List<ConsensusServer> parsePeersJson(String json, String where, int defaultServerPort) {
        List<ConsensusServer> out = new ArrayList<>();
        Matcher obj = OBJECT.matcher(json);
        while (obj.find()) {
            String id = null;
            String address = null;
            Matcher field = FIELD.matcher(obj.group(1));
            while (field.find()) {
                if (field.group(1).equals("id")) {
                    id = field.group(2);
                } else {
                    address = field.group(2);
                }
            }
            if (id == null || id.isBlank() || address == null) {
                throw new IllegalArgumentException(where + ": entry " + obj.group() + " needs \"id\" (the server's"
                        + " node name) and \"address\" (its raft ip:port)");
            }
            RaftSettings.portOf(address, where + " entry " + id);
            out.add(new ConsensusServer(id, address,
                    RaftSettings.hostOf(address, where) + ":" + defaultServerPort));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(where + " lists no servers: write [{\"id\": \"node1\", \"address\":"
                    + " \"10.0.0.1:8305\"}, ...] for every surviving server, or delete the file");
        }
        return out;
    }

    /** Consul deletes peers.json once ingested; we keep it as peers.json.applied for the operator's records. */
    static void markApplied(Path raftDir) throws IOException {
        Files.move(raftDir.resolve(PEERS_JSON), raftDir.resolve(PEERS_JSON + ".applied"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
