package io.muster.spi.model;

import java.util.List;

/** One row of {@code /v1/health/service/NAME}: node, service instance, and the checks of both. */
public record ServiceHealth(Node node, Service service, List<HealthCheck> checks) {
    public ServiceHealth {
        checks = List.copyOf(checks);
    }

    /** The aggregate status: the worst of the node's and the service's checks, passing when there are none. */
    public HealthStatus aggregateStatus() {
        HealthStatus worst = HealthStatus.PASSING;
        for (HealthCheck check : checks) {
            worst = HealthStatus.worst(worst, check.status());
        }
        return worst;
    }
}
