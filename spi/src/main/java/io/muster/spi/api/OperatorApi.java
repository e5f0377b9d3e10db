package io.muster.spi.api;

import io.muster.spi.membership.KeyringResponse;
import io.muster.spi.model.AutopilotConfig;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Cluster operations ({@code /v1/operator}): raft peers, autopilot, the gossip keyring. */
public interface OperatorApi {
    CompletionStage<RaftConfiguration> raftConfiguration(QueryOptions options);

    /**
     * Removes a server from the raft configuration by node id or by {@code ip:port} (exactly one is non-empty).
     * Fails with BAD_REQUEST when neither or both are given, INTERNAL when no such server or the consensus in use
     * cannot remove peers.
     */
    CompletionStage<Void> raftRemovePeer(String id, String address, WriteOptions options);

    /** The stored autopilot configuration, or the defaults (indexes 0) when none was stored yet. */
    CompletionStage<AutopilotConfig> autopilotConfiguration(QueryOptions options);

    /** Stores the configuration; with {@code cas}, only if the stored ModifyIndex equals it (false otherwise). */
    CompletionStage<Boolean> setAutopilotConfiguration(AutopilotConfig config, Long cas, WriteOptions options);

    CompletionStage<AutopilotHealth> autopilotHealth(QueryOptions options);

    CompletionStage<AutopilotState> autopilotState(QueryOptions options);

    /** Fails with INTERNAL when the agent has no gossip keyring (no membership plugin or no encryption). */
    CompletionStage<List<KeyringResponse>> keyringList(boolean localOnly);

    CompletionStage<List<KeyringResponse>> keyringInstall(String key);

    CompletionStage<List<KeyringResponse>> keyringUse(String key);

    CompletionStage<List<KeyringResponse>> keyringRemove(String key);
}
