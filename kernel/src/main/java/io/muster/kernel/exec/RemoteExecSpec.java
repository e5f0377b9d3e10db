package io.muster.kernel.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The job spec at {@code _rexec/<session>/job}, in Consul's JSON: Command (run by the shell), Args (run directly,
 * for -shell=false), Script (base64 bytes, spilled to a file) and Wait (a Go duration in nanoseconds: the quiet
 * period after which the agent sends a heartbeat).
 */
public record RemoteExecSpec(String command, List<String> args, byte[] script, Duration quietWait) {
    /** Consul's CLI default for -wait, used when a spec carries none. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    public RemoteExecSpec {
        args = List.copyOf(args);
        script = script == null ? new byte[0] : script.clone();
        if (quietWait == null || quietWait.isZero() || quietWait.isNegative()) {
            quietWait = DEFAULT_WAIT;
        }
    }

    public static RemoteExecSpec parse(byte[] value) throws InvalidRemoteExecException {
        JsonNode node;
        try {
            node = JSON.readTree(value == null ? new byte[0] : value);
        } catch (IOException e) {
            throw new InvalidRemoteExecException("remote exec job spec is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRemoteExecException("remote exec job spec is not a JSON object");
        }
        List<String> args = new ArrayList<>();
        node.path("Args").forEach(a -> args.add(a.asText()));
        byte[] script;
        try {
            script = Base64.getDecoder().decode(node.path("Script").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidRemoteExecException("remote exec job spec: Script is not base64: " + e.getMessage());
        }
        JsonNode wait = node.path("Wait");
        Duration waitDuration = wait.canConvertToLong() ? Duration.ofNanos(wait.asLong()) : DEFAULT_WAIT;
        String command = node.path("Command").asText("");
        if (command.isEmpty() && args.isEmpty() && script.length == 0) {
            throw new InvalidRemoteExecException("remote exec job spec has no Command, Args or Script");
        }
        return new RemoteExecSpec(command, args, script, waitDuration);
    }

    @Override
    public byte[] script() {
        return script.clone();
    }
}
