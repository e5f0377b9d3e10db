package io.muster.spi.check;

import io.muster.spi.model.CheckDefinition;
import org.pf4j.ExtensionPoint;

/**
 * A kind of health check (http, tcp, script, ttl, ... or a third party's). The kernel asks every loaded type
 * whether it {@link #accepts} a definition; the first that does validates it and creates its probe.
 */
public interface CheckType extends ExtensionPoint {
    /** The type's name as Consul reports it in a check's {@code Type} field ("http", "tcp", "ttl", ...). */
    String name();

    /** True when the definition is of this type, usually because it carries this type's key ({@code http}, ...). */
    boolean accepts(CheckDefinition definition);

    /**
     * How the kernel drives checks of this type: {@link Schedule#INTERVAL} runs the probe every interval;
     * {@link Schedule#TTL} creates no probe and expects status updates through the agent's TTL endpoints, turning
     * critical when none arrives within the definition's ttl.
     */
    default Schedule schedule() {
        return Schedule.INTERVAL;
    }

    /**
     * Rejects an invalid definition with an {@link IllegalArgumentException} whose message says what is wrong
     * (it becomes the HTTP 400 body). {@code fromLocalConfig} is true for checks from the agent's config files.
     */
    void validate(CheckDefinition definition, CheckEnvironment environment, boolean fromLocalConfig);

    /** Creates the probe of a validated {@link Schedule#INTERVAL} definition. */
    CheckProbe create(CheckDefinition definition, CheckEnvironment environment);

    enum Schedule { INTERVAL, TTL }
}
