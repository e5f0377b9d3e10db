package io.muster.kernel.leader;

import io.muster.kernel.consensus.Command;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Member;
import io.muster.spi.model.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Turns gossip member events into catalog writes, as Consul's leader does: an alive member is registered with
 * a passing {@code serfHealth} check, a failed one gets it critical, a member that left or was reaped is
 * deregistered (never this server itself). Servers (tag role=consul) also get the {@code consul} service.
 */
public final class MemberReconciler {
    public static final String SERF_CHECK_ID = "serfHealth";
    public static final String SERF_CHECK_NAME = "Serf Health Status";
    public static final String ALIVE_OUTPUT = "Agent alive and reachable";
    public static final String FAILED_OUTPUT = "Agent not live or unreachable";
    private static final Logger LOG = LoggerFactory.getLogger(MemberReconciler.class);

    private final Function<Command, CompletionStage<Object>> propose;
    private final String selfNode;
    private final String datacenter;

    public MemberReconciler(Function<Command, CompletionStage<Object>> propose, String selfNode, String datacenter) {
        this.propose = propose;
        this.selfNode = selfNode;
        this.datacenter = datacenter;
    }

    public CompletionStage<Void> reconcile(MemberEvent event) {
        Member m = event.member();
        Command command = switch (event.type()) {
            case JOIN, UPDATE -> new Command.CatalogRegister(registration(m, HealthStatus.PASSING, ALIVE_OUTPUT));
            case FAIL -> new Command.CatalogRegister(registration(m, HealthStatus.CRITICAL, FAILED_OUTPUT));
            case LEAVE, REAP -> m.name().equals(selfNode) ? null : new Command.CatalogDeregister(m.name(), null, null);
        };
        if (command == null) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.info("Reconciling member {} ({}) into the catalog", m.name(), event.type());
        return propose.apply(command).thenApply(result -> null);
    }

    private CatalogRegistration registration(Member m, HealthStatus status, String output) {
        Map<String, String> tags = m.tags();
        Service consul = null;
        if ("consul".equals(tags.get("role"))) {
            int port = parsePort(tags.get("port"));
            consul = new Service("consul", "consul", "", List.of(), "", Map.of(), Map.of(), port, null, false, 0, 0);
        }
        HealthCheck serf = new HealthCheck(m.name(), SERF_CHECK_ID, SERF_CHECK_NAME, status, "", output, "", "",
                List.of(), "", Map.of(), 0, 0);
        String dc = tags.getOrDefault("dc", datacenter);
        // A failed member keeps the address it registered with; only its health changes.
        boolean skipNodeUpdate = status == HealthStatus.CRITICAL;
        return new CatalogRegistration(tags.get("id"), m.name(), m.address(), dc, Map.of(), Map.of(),
                status == HealthStatus.CRITICAL ? null : consul, List.of(serf), skipNodeUpdate);
    }

    private static int parsePort(String port) {
        if (port == null) {
            return 8300;
        }
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            LOG.warn("Member tag port={} is not a number; registering the consul service on 8300", port);
            return 8300;
        }
    }
}
