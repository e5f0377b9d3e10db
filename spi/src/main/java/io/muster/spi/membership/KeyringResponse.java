package io.muster.spi.membership;

import java.util.Map;

/**
 * One pool's answer to a keyring operation, shaped like Consul's {@code /v1/operator/keyring} entries:
 * {@code keys} and {@code primaryKeys} count the members holding each key, {@code messages} hold per-node
 * errors, {@code numNodes} is the number of members asked.
 */
public record KeyringResponse(boolean wan, String datacenter, Map<String, String> messages, Map<String, Integer> keys,
                              Map<String, Integer> primaryKeys, int numNodes) {
    public KeyringResponse {
        messages = Map.copyOf(messages);
        keys = Map.copyOf(keys);
        primaryKeys = Map.copyOf(primaryKeys);
    }
}
