package io.muster.kernel.cluster;

import io.muster.kernel.config.AgentConfig;
import io.muster.spi.membership.Membership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code -join}/{@code start_join} (must succeed at start, as Consul: the agent fails otherwise) and
 * {@code -retry-join}/{@code retry_join} (retried every {@code retry_interval}; after {@code retry_max} failed
 * attempts the agent exits with an error).
 */
public final class GossipJoin {
    private static final Logger log = LoggerFactory.getLogger("agent.join");

    private GossipJoin() {
    }

    /** Joins the start_join addresses; throws with the addresses and the cause when none answered. */
    public static void startJoin(Membership membership, List<String> addresses, boolean wan) throws Exception {
        if (addresses.isEmpty()) {
            return;
        }
        int n;
        try {
            n = membership.join(addresses, wan).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("failed to join " + addresses + (wan ? " (WAN)" : "") + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        if (n == 0) {
            throw new IllegalStateException("failed to join " + addresses + ": no agent answered");
        }
        log.info("joined {} nodes{} via {}", n, wan ? " (WAN)" : "", addresses);
    }

    /** Starts the retry_join loop on the scheduler; {@code giveUp} is called with a message after retry_max. */
    public static void retryJoin(Membership membership, AgentConfig config, ScheduledExecutorService scheduler,
                                 Consumer<String> giveUp) {
        List<String> addresses = config.retryJoin();
        if (addresses.isEmpty()) {
            return;
        }
        Duration interval = config.retryInterval();
        attempt(membership, addresses, interval, config.retryMax(), 1, scheduler, giveUp);
    }

    private static void attempt(Membership membership, List<String> addresses, Duration interval, int max, int attempt,
                                ScheduledExecutorService scheduler, Consumer<String> giveUp) {
        membership.join(addresses, false).whenComplete((n, error) -> {
            if (error == null && n != null && n > 0) {
                log.info("retry-join: joined {} nodes via {}", n, addresses);
                return;
            }
            String why = error != null ? error.getMessage() : "no agent answered";
            if (max > 0 && attempt >= max) {
                giveUp.accept("retry-join: max join retry (" + max + ") exhausted for " + addresses + ": " + why);
                return;
            }
            log.warn("retry-join: join {} failed (attempt {}): {}; retrying in {}", addresses, attempt, why, interval);
            scheduler.schedule(() -> attempt(membership, addresses, interval, max, attempt + 1, scheduler, giveUp),
                    interval.toMillis(), TimeUnit.MILLISECONDS);
        });
    }
}
