package io.muster.spi.check;

import io.muster.spi.model.HealthStatus;

/** The outcome of one run of a check: status and output (the kernel truncates output to 4 KB). */
public record CheckResult(HealthStatus status, String output) {
    public static CheckResult passing(String output) {
        return new CheckResult(HealthStatus.PASSING, output);
    }

    public static CheckResult warning(String output) {
        return new CheckResult(HealthStatus.WARNING, output);
    }

    public static CheckResult critical(String output) {
        return new CheckResult(HealthStatus.CRITICAL, output);
    }
}
