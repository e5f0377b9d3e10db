package io.muster.spi.api;

import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.ServiceHealth;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The health endpoint ({@code /v1/health}). */
public interface HealthApi {
    CompletionStage<QueryResult<List<HealthCheck>>> node(String node, QueryOptions options);

    CompletionStage<QueryResult<List<HealthCheck>>> checks(String service, QueryOptions options);

    /**
     * Instances of a service with their node's and their own checks; with {@code passingOnly}, only instances
     * whose every check is passing; with tags, only instances carrying every tag.
     */
    CompletionStage<QueryResult<List<ServiceHealth>>> service(String service, List<String> tags, boolean passingOnly,
                                                              QueryOptions options);

    /** Checks in a state; {@code state} is passing, warning, critical or any. */
    CompletionStage<QueryResult<List<HealthCheck>>> state(String state, QueryOptions options);
}
