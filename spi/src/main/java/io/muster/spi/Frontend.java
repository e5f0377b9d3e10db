package io.muster.spi;

import org.pf4j.ExtensionPoint;

/**
 * A protocol front-end (HTTP API, DNS, ...). The kernel starts every frontend after the state store and
 * consensus are ready and stops them first at shutdown. Frontends talk to {@link AgentContext#endpoints()}
 * only. {@link #start} must fail (throw) when it cannot serve, e.g. its port is taken: the agent then exits
 * with the message.
 */
public interface Frontend extends ExtensionPoint {
    /** Short name used in logs and in {@code plugins.<point>} selection, e.g. "http", "dns". */
    String name();

    void start(AgentContext context) throws Exception;

    void stop();
}
