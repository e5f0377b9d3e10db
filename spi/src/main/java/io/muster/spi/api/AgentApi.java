package io.muster.spi.api;

import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Member;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceDefinition;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The local agent ({@code /v1/agent}): its own services and checks, membership, lifecycle. Local state
 * answers from memory; calls that touch the cluster return futures.
 */
public interface AgentApi {
    AgentSelf self();

    /**
     * Decodes a service definition from its JSON form as the HTTP API and config files give it: Consul's
     * PascalCase ({@code Name}, {@code Checks}) and snake_case ({@code name}, {@code checks}) keys alike, case-
     * insensitively, {@code check} or {@code checks}. Fails with a BAD_REQUEST {@link ApiException} naming the key.
     */
    ServiceDefinition decodeService(Map<String, Object> json);

    /** Decodes a check definition from its JSON form, like {@link #decodeService}. */
    CheckDefinition decodeCheck(Map<String, Object> json);

    List<Member> members(boolean wan);

    /** Services registered on this agent, by id. */
    Map<String, Service> services();

    Optional<Service> service(String id);

    /**
     * Registers (or replaces) a local service and its checks. {@code fromLocalConfig} is false for the HTTP API
     * (script checks then need {@code enable_script_checks}). Fails with {@link ApiException} naming the service
     * and check on invalid input; nothing is registered then.
     */
    void registerService(ServiceDefinition service, boolean replaceExistingChecks, boolean fromLocalConfig);

    /** False when no such service. */
    boolean deregisterService(String id);

    /** Checks registered on this agent, by id. */
    Map<String, HealthCheck> checks();

    void registerCheck(CheckDefinition check, boolean fromLocalConfig);

    boolean deregisterCheck(String id);

    /** TTL update ({@code /v1/agent/check/pass|warn|fail|update}); fails with NOT_FOUND or BAD_REQUEST. */
    void updateTtlCheck(String checkId, HealthStatus status, String output);

    void enableNodeMaintenance(String reason);

    void disableNodeMaintenance();

    /** False when no such service. */
    boolean enableServiceMaintenance(String serviceId, String reason);

    boolean disableServiceMaintenance(String serviceId);

    /** Joins the gossip pool through the given addresses; completes with the number of nodes contacted. */
    CompletionStage<Integer> join(List<String> addresses, boolean wan);

    CompletionStage<Void> leave();

    CompletionStage<Void> forceLeave(String node, boolean prune);

    /** Reloads configuration files; completes with warnings (e.g. keys that need a restart). */
    CompletionStage<List<String>> reload();

    /**
     * Calls {@code onChange} after every change of the local services, checks (status and output included) or
     * maintenance, on the thread that made it: the listener must be quick and must not block (hash-based blocking
     * queries re-read and re-hash there). Close the handle to stop. The default never calls it: an agent without a
     * change signal answers hash-blocking queries when their wait elapses.
     */
    default AutoCloseable watchLocalState(Runnable onChange) {
        return () -> { };
    }
}
