package io.muster.kernel.leader;

import io.muster.kernel.consensus.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * KV tombstone GC, a leader duty. Tombstones must outlive the blocking queries that could still need them
 * (Consul's {@code tombstone_ttl}, 15 minutes), so every period the reaper remembers the current index and, one
 * period later, reaps every tombstone at or below the index it remembered.
 */
public final class TombstoneReaper {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(TombstoneReaper.class);

    private final ScheduledExecutorService scheduler;
    private final Function<Command, CompletionStage<Object>> propose;
    private final LongSupplier currentIndex;
    private final Duration ttl;
    private ScheduledFuture<?> next;
    private long remembered;

    public TombstoneReaper(ScheduledExecutorService scheduler, Function<Command, CompletionStage<Object>> propose,
                           LongSupplier currentIndex, Duration ttl) {
        this.scheduler = scheduler;
        this.propose = propose;
        this.currentIndex = currentIndex;
        this.ttl = ttl;
    }

    public synchronized void start() {
        stop();
        remembered = currentIndex.getAsLong();
        next = scheduler.schedule(this::tick, ttl.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private synchronized void tick() {
        if (next == null) {
            return;
        }
        long reapUpTo = remembered;
        remembered = currentIndex.getAsLong();
        if (reapUpTo > 0) {
            propose.apply(new Command.KvReapTombstones(reapUpTo)).whenComplete((r, e) -> {
                if (e != null) {
                    LOG.warn("KV tombstone GC up to index {} failed: {}; retrying next period", reapUpTo, e.getMessage());
                }
            });
        }
        next = scheduler.schedule(this::tick, ttl.toMillis(), TimeUnit.MILLISECONDS);
    }
}
