package io.muster.gossip.swim;

import io.muster.gossip.coordinate.VivaldiCoordinate;

import java.util.List;
import java.util.Map;

/**
 * Every message of the gossip protocol. Records are immutable; {@link MessageCodec} gives each a one-byte
 * type and a compact binary form. Addresses are "host:port" strings of the sender's gossip endpoint.
 */
public sealed interface Message {

    /** Direct probe; {@code target} is the name the prober expects, so a reused address does not ack. */
    record Ping(long seq, String target, String sourceName, String sourceAddress) implements Message {
    }

    /** Ask a relay to probe {@code target} for us (SWIM's ping-req); {@code wantNack} per Lifeguard. */
    record IndirectPing(long seq, String target, String targetAddress, String sourceName, String sourceAddress,
                        boolean wantNack) implements Message {
    }

    /**
     * Answer to a probe. A direct probe's ack carries the responder's network coordinate so the prober can feed
     * it, with the measured RTT, into its Vivaldi client; relayed and TCP acks carry none ({@code null}).
     */
    record Ack(long seq, VivaldiCoordinate coordinate) implements Message {
        public Ack(long seq) {
            this(seq, null);
        }
    }

    /** A relay could not reach the target: the prober itself is healthy enough to hear us (Lifeguard). */
    record Nack(long seq) implements Message {
    }

    record Alive(long incarnation, String node, String address, Map<String, String> tags) implements Message {
        public Alive {
            tags = Map.copyOf(tags);
        }
    }

    record Suspect(long incarnation, String node, String from) implements Message {
    }

    /** {@code from == node} means the node left gracefully. */
    record Dead(long incarnation, String node, String from) implements Message {
    }

    /** Operator's force-leave of a failed node: others move it to left, and drop it entirely with prune. */
    record LeaveIntent(String node, long incarnation, boolean prune) implements Message {
    }

    record UserEventMessage(long lamportTime, String id, String name, byte[] payload, String nodeFilter,
                            String serviceFilter, String tagFilter) implements Message {
    }

    /** A node's whole view, sent both ways over TCP for anti-entropy and join. */
    record PushPull(String sender, boolean join, List<NodeRecord> nodes, long eventClock) implements Message {
        public PushPull {
            nodes = List.copyOf(nodes);
        }
    }

    /** A push-pull answer that refuses the request (for example, a node name already in use elsewhere). */
    record Refusal(String reason) implements Message {
    }

    /** Keyring change spread by gossip; every member answers the originator with a {@link KeyringReply}. */
    record KeyringRequest(String id, String origin, String originAddress, KeyringOperation operation, String key)
            implements Message {
    }

    record KeyringReply(String id, String node, boolean ok, String error, List<String> keys, String primaryKey)
            implements Message {
        public KeyringReply {
            keys = List.copyOf(keys);
        }
    }

    /** Several messages in one UDP packet (probe plus piggybacked gossip). */
    record Compound(List<Message> parts) implements Message {
        public Compound {
            parts = List.copyOf(parts);
        }
    }

    /** One member in a push-pull exchange. */
    record NodeRecord(String name, String address, Map<String, String> tags, long incarnation, NodeState state) {
        public NodeRecord {
            tags = Map.copyOf(tags);
        }
    }

    enum NodeState { ALIVE, SUSPECT, DEAD, LEFT }

    enum KeyringOperation { LIST, INSTALL, USE, REMOVE }
}
