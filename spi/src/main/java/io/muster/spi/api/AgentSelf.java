package io.muster.spi.api;

import io.muster.spi.model.Member;
import io.muster.spi.model.PluginInfo;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/agent/self}: {@code config} is Consul's {@code Config} object (Datacenter, NodeName, NodeID,
 * Server, Revision, Version, ...), {@code debugConfig} the full resolved configuration, with Consul's field names.
 */
public record AgentSelf(Map<String, Object> config, Map<String, Object> debugConfig, Member member,
                        Map<String, String> meta, Map<String, Map<String, String>> stats, List<PluginInfo> plugins) {
}
