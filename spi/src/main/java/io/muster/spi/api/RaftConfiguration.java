package io.muster.spi.api;

import java.util.List;

/** {@code GET /v1/operator/raft/configuration}: the voting servers and the index the answer reflects. */
public record RaftConfiguration(List<Server> servers, long index) {
    public RaftConfiguration {
        servers = List.copyOf(servers);
    }

    /** One raft peer; {@code id} is its node id, {@code address} its RPC {@code ip:port}. */
    public record Server(String id, String node, String address, boolean leader, boolean voter,
                         String protocolVersion) {
    }
}
