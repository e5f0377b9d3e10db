package io.muster.kernel.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The payload of a {@code _rexec} user event, as Consul's CLI fires it: {"Prefix":"_rexec","Session":"..."}.
 * The job lives in KV under {@code Prefix/Session/}.
 */
public record RemoteExecRequest(String prefix, String session) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static RemoteExecRequest parse(byte[] payload) throws InvalidRemoteExecException {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException e) {
            throw new InvalidRemoteExecException("remote exec event payload is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRemoteExecException("remote exec event payload is not a JSON object");
        }
        String prefix = node.path("Prefix").asText("");
        String session = node.path("Session").asText("");
        if (prefix.isEmpty() || session.isEmpty()) {
            throw new InvalidRemoteExecException("remote exec event payload lacks Prefix or Session: " + node);
        }
        return new RemoteExecRequest(prefix, session);
    }

    /** The key of the job spec the CLI uploaded. */
    public String jobKey() {
        return prefix + "/" + session + "/job";
    }

    /** The key this node writes {@code suffix} (ack, exit, out/NNNNN) under. */
    public String nodeKey(String node, String suffix) {
        return prefix + "/" + session + "/" + node + "/" + suffix;
    }
}
