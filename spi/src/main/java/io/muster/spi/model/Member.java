package io.muster.spi.model;

import java.util.Map;

/**
 * A gossip pool member as {@code /v1/agent/members} shows it. {@code tags} carry role, dc, build, port, ...
 * as Consul's serf tags do.
 */
public record Member(String name, String address, int port, Map<String, String> tags, MemberStatus status,
                     int protocolMin, int protocolMax, int protocolCur) {
    public Member {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
