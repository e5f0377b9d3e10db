package io.muster.checks;

import io.muster.spi.api.QueryOptions;
import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckResult;
import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import org.pf4j.Extension;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code alias} checks ({@code alias_service}, {@code alias_node}): mirror the worst health of another service
 * instance and its node (Consul's CheckAlias). Muster polls the catalog every interval (default 10s in the
 * kernel) with stale reads instead of holding a blocking query open.
 */
@Extension
public class AliasCheckType implements CheckType {
    @Override
    public String name() {
        return "alias";
    }

    @Override
    public boolean accepts(CheckDefinition definition) {
        return definition.option("alias_service").isPresent() || definition.option("alias_node").isPresent();
    }

    @Override
    public void validate(CheckDefinition definition, CheckEnvironment environment, boolean fromLocalConfig) {
        if (definition.ttl() != null && !definition.ttl().isZero()) {
            throw new IllegalArgumentException("TTL must be not be set for Alias checks");
        }
        CheckOptions.string(definition, "alias_service");
        CheckOptions.string(definition, "alias_node");
    }

    @Override
    public CheckProbe create(CheckDefinition definition, CheckEnvironment environment) {
        String service = CheckOptions.string(definition, "alias_service").orElse("");
        String node = CheckOptions.string(definition, "alias_node").orElse(environment.nodeName());
        return () -> {
            try {
                return environment.endpoints().health().node(node, QueryOptions.STALE)
                        .thenCompose(result -> {
                            Verdict verdict = verdict(result.value(), service);
                            if (verdict.serviceFound() || service.isEmpty()) {
                                return CompletableFuture.completedFuture(verdict.result());
                            }
                            // A service without checks is healthy; only a missing one turns the alias critical.
                            return environment.endpoints().catalog().node(node, QueryOptions.STALE).thenApply(ns -> {
                                boolean exists = ns.value().map(n -> n.services().stream()
                                        .anyMatch(s -> s.id().equals(service))).orElse(false);
                                return exists ? verdict.result() : CheckResult.critical(
                                        "Service " + service + " could not be found on node " + node);
                            });
                        })
                        .exceptionally(error -> CheckResult.critical("Failed to query health of node \"" + node + "\": "
                                + (error.getCause() != null ? error.getCause().getMessage() : error.getMessage())));
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(CheckResult.critical(
                        "Failed to query health of node \"" + node + "\": " + e.getMessage()));
            }
        };
    }

    record Verdict(CheckResult result, boolean serviceFound) {
    }

    /** The node's own checks always count; with a service, only that service's checks are added to them. */
    static Verdict verdict(List<HealthCheck> checks, String service) {
        HealthStatus worst = HealthStatus.PASSING;
        String output = "No checks found.";
        boolean serviceFound = false;
        for (HealthCheck check : checks) {
            boolean serviceMatch = !service.isEmpty() && check.serviceId().equals(service);
            if (!check.serviceId().isEmpty() && !serviceMatch) {
                continue;
            }
            serviceFound |= serviceMatch;
            if (check.status() != HealthStatus.PASSING) {
                if (check.status().compareTo(worst) >= 0) {
                    worst = check.status();
                    output = "Aliased check \"" + check.name() + "\" failing: " + check.output();
                }
            } else if (worst == HealthStatus.PASSING) {
                output = "All checks passing.";
            }
        }
        return new Verdict(new CheckResult(worst, output), serviceFound);
    }
}
