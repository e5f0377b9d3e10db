package io.muster.checks;

import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;
import org.pf4j.Extension;

/**
 * Recognises Consul's {@code docker_container_id} checks so that registering one fails with a clear message instead of
 * "no check type accepts this definition".
 */
@Extension
public class DockerCheckType implements CheckType {
    @Override
    public String name() {
        return "docker";
    }

    @Override
    public boolean accepts(CheckDefinition definition) {
        return definition.option("docker_container_id").isPresent();
    }

    @Override
    public void validate(CheckDefinition definition, CheckEnvironment environment, boolean fromLocalConfig) {
        throw new IllegalArgumentException(CheckOptions.describe(definition) + ": docker checks are not supported by "
                + "this agent; use an http, tcp or script (args) check instead");
    }

    @Override
    public CheckProbe create(CheckDefinition definition, CheckEnvironment environment) {
        throw new UnsupportedOperationException("docker checks are not supported by this agent");
    }
}
