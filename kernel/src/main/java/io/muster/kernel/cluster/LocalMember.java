package io.muster.kernel.cluster;

import io.muster.kernel.Version;
import io.muster.kernel.config.AgentConfig;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** This agent as a gossip member: the serf tags Consul agents carry, which `members` and the leader read. */
public final class LocalMember {
    /** Serf protocol range Consul reports for its members. */
    public static final int PROTOCOL_MIN = 1;
    public static final int PROTOCOL_MAX = 5;
    public static final int PROTOCOL_CUR = 2;

    private LocalMember() {
    }

    /** Muster's own tag: the port of the server's consensus transport, so servers find each other through gossip. */
    public static final String RAFT_PORT_TAG = "raft_port";
    /** Default of {@code ports.raft}, the raft plugin's JGroups port. */
    public static final int DEFAULT_RAFT_PORT = 8305;

    public static Map<String, String> tags(AgentConfig config, String nodeId, int raftPort) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("role", config.server() ? "consul" : "node");
        tags.put("dc", config.datacenter());
        tags.put("segment", "");
        tags.put("id", nodeId);
        tags.put("vsn", "2");
        tags.put("vsn_min", "2");
        tags.put("vsn_max", "3");
        tags.put("build", Version.CONSUL_COMPAT + ":muster-" + Version.MUSTER);
        if (config.server()) {
            tags.put("port", Integer.toString(config.ports().server()));
            tags.put("raft_vsn", "3");
            tags.put(RAFT_PORT_TAG, Integer.toString(raftPort));
            tags.put("wan_join_port", Integer.toString(config.ports().serfWan()));
            if (config.bootstrap() || config.dev()) {
                tags.put("bootstrap", "1");
            }
            if (config.bootstrapExpect() > 0) {
                tags.put("expect", Integer.toString(config.bootstrapExpect()));
            }
        }
        tags.put("ft_fs", "1");
        tags.put("ft_si", "1");
        return tags;
    }

    public static Member of(AgentConfig config, String nodeId, String advertise, int raftPort) {
        return new Member(config.nodeName(), advertise, config.ports().serfLan(), tags(config, nodeId, raftPort),
                MemberStatus.ALIVE, PROTOCOL_MIN, PROTOCOL_MAX, PROTOCOL_CUR);
    }
}
