package io.muster.checks;

import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;

/**
 * A Consul check type this agent recognises but does not run: registering one fails with a clear message naming the
 * type, instead of "no check type accepts this definition".
 */
abstract class UnsupportedCheckType implements CheckType {
    private final String name;
    private final String definitionKey;

    UnsupportedCheckType(String name, String definitionKey) {
        this.name = name;
        this.definitionKey = definitionKey;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean accepts(CheckDefinition definition) {
        return definition.option(definitionKey).isPresent();
    }

    @Override
    public void validate(CheckDefinition definition, CheckEnvironment environment, boolean fromLocalConfig) {
        throw new IllegalArgumentException(CheckOptions.describe(definition) + ": " + name + " checks are not supported by "
                + "this agent; use an http, tcp or script (args) check instead");
    }

    @Override
    public CheckProbe create(CheckDefinition definition, CheckEnvironment environment) {
        throw new IllegalStateException(name + " checks are not supported by this agent (validate refuses them)");
    }
}
