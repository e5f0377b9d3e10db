package io.muster.checks;

import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;
import org.pf4j.Extension;

/**
 * {@code ttl} checks: the application reports its own state through {@code /v1/agent/check/pass|warn|fail|update};
 * the kernel's scheduler turns the check critical when no update arrives within the ttl.
 */
@Extension
public class TtlCheckType implements CheckType {
    @Override
    public String name() {
        return "ttl";
    }

    @Override
    public boolean accepts(CheckDefinition definition) {
        return definition.ttl() != null;
    }

    @Override
    public Schedule schedule() {
        return Schedule.TTL;
    }

    @Override
    public void validate(CheckDefinition definition, CheckEnvironment environment, boolean fromLocalConfig) {
        if (definition.interval() != null && !definition.interval().isZero()) {
            throw new IllegalArgumentException("Interval and TTL cannot both be specified");
        }
        if (definition.ttl() == null || definition.ttl().isZero() || definition.ttl().isNegative()) {
            throw new IllegalArgumentException("TTL must be > 0 for TTL checks");
        }
    }

    @Override
    public CheckProbe create(CheckDefinition definition, CheckEnvironment environment) {
        throw new UnsupportedOperationException("ttl checks have no probe: the kernel expires them itself ("
                + CheckOptions.describe(definition) + ")");
    }
}
