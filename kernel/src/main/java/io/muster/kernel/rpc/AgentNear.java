package io.muster.kernel.rpc;

import io.muster.spi.api.PreparedQueryApi;
import io.muster.spi.api.QueryOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code near=_agent} means the agent that took the HTTP request. A server would read it as itself, so a client
 * agent names its own node before forwarding, as Consul's HTTP handlers fill the request's source node.
 */
public final class AgentNear {
    static final String AGENT = "_agent";

    private AgentNear() {
    }

    public static CallTarget resolving(String nodeName, CallTarget target) {
        return (method, args) -> target.invoke(method, resolve(nodeName, method, args));
    }

    static List<Object> resolve(String nodeName, EndpointCodec.EndpointMethod method, List<Object> args) {
        List<Object> resolved = null;
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            Object replacement = arg;
            if (arg instanceof QueryOptions q && AGENT.equals(q.near())) {
                replacement = new QueryOptions(q.datacenter(), q.consistency(), q.minIndex(), q.maxWait(), q.token(),
                        nodeName, q.nodeMeta(), q.maxStale());
            } else if (method.api() == PreparedQueryApi.class && method.method().getName().equals("execute") && i == 1
                    && AGENT.equals(arg)) {
                replacement = nodeName;
            }
            if (replacement != arg) {
                if (resolved == null) {
                    resolved = new ArrayList<>(args);
                }
                resolved.set(i, replacement);
            }
        }
        return resolved == null ? args : resolved;
    }
}
