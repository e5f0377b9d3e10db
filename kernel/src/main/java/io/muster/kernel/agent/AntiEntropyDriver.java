package io.muster.kernel.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/**
 * Runs {@link AntiEntropy} on the agent's scheduler: a sync of changes whenever local state changes (coalesced:
 * one sync at a time, another right after if more changes came in), a full sync at start and then every minute
 * scaled by cluster size with a random stagger, a retry 15s after a failed full sync, and a wake-up when an
 * output-only check update becomes due.
 */
final class AntiEntropyDriver {
    static final Duration FULL_SYNC_INTERVAL = Duration.ofMinutes(1);
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(AntiEntropyDriver.class);

    private final AntiEntropy antiEntropy;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final IntSupplier memberCount;
    private final RandomGenerator random;
    private boolean running;
    private boolean changesPending;
    private boolean fullPending;
    private ScheduledFuture<?> fullTimer;
    private ScheduledFuture<?> deferredTimer;
    private volatile boolean stopped = true;

    AntiEntropyDriver(AntiEntropy antiEntropy, ScheduledExecutorService executor, Clock clock, IntSupplier memberCount,
                      RandomGenerator random) {
        this.antiEntropy = antiEntropy;
        this.executor = executor;
        this.clock = clock;
        this.memberCount = memberCount;
        this.random = random;
    }

    synchronized void start() {
        stopped = false;
        fullPending = true;
        pump();
    }

    synchronized void stop() {
        stopped = true;
        if (fullTimer != null) {
            fullTimer.cancel(false);
        }
        if (deferredTimer != null) {
            deferredTimer.cancel(false);
        }
    }

    /** Local state changed. */
    synchronized void changed() {
        changesPending = true;
        pump();
    }

    private void pump() {
        if (stopped || running || (!changesPending && !fullPending)) {
            return;
        }
        running = true;
        boolean full = fullPending;
        fullPending = false;
        changesPending = false;
        executor.execute(() -> run(full));
    }

    private void run(boolean full) {
        CompletionStage<Void> stage;
        try {
            // One sync at a time (the running flag), so its continuations never race the next one.
            stage = full ? antiEntropy.syncFull() : antiEntropy.syncChanges();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((ok, error) -> finished(full, error));
    }

    private synchronized void finished(boolean full, Throwable error) {
        running = false;
        if (stopped) {
            return;
        }
        if (full) {
            Duration next;
            if (error != null) {
                LOG.warn("anti-entropy: full sync failed: {}; retrying in {}s", error.toString(), RETRY_INTERVAL.toSeconds());
                next = RETRY_INTERVAL;
            } else {
                Duration scaled = FULL_SYNC_INTERVAL.multipliedBy(AntiEntropy.scaleFactor(memberCount.getAsInt()));
                next = scaled.plusMillis(random.nextLong(Math.max(1, scaled.toMillis() / 8)));
            }
            fullTimer = executor.schedule(this::fullSyncDue, next.toMillis(), TimeUnit.MILLISECONDS);
        } else if (error != null) {
            LOG.warn("anti-entropy: sync failed: {}; the next full sync retries it", error.toString());
        }
        antiEntropy.deferredUntil().ifPresent(due -> {
            if (deferredTimer != null) {
                deferredTimer.cancel(false);
            }
            long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
            deferredTimer = executor.schedule(this::changed, delay, TimeUnit.MILLISECONDS);
        });
        pump();
    }

    private synchronized void fullSyncDue() {
        fullPending = true;
        pump();
    }
}
