package io.muster.gossip.swim;

import java.util.List;

/** The answers to one cluster-wide keyring operation, collected until all members replied or time ran out. */
public record KeyringResult(String id, Message.KeyringOperation operation, int numNodes,
                            List<Message.KeyringReply> replies) {
    public KeyringResult {
        replies = List.copyOf(replies);
    }
}
