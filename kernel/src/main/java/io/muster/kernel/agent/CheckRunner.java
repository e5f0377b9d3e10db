package io.muster.kernel.agent;

import io.muster.spi.check.CheckResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drives a {@link CheckScheduler} on one ScheduledExecutorService thread: wakes at its next deadline, starts the
 * due probes (which answer asynchronously; no thread per check) and feeds their answers back on the same thread.
 * Every scheduler call happens under the scheduler's monitor, so the agent may also call it from API threads.
 */
final class CheckRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);

    private final CheckScheduler scheduler;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Consumer<List<CheckScheduler.Event>> events;
    private ScheduledFuture<?> pending;
    private Instant pendingAt;
    private volatile boolean stopped;

    CheckRunner(CheckScheduler scheduler, ScheduledExecutorService executor, Clock clock,
                Consumer<List<CheckScheduler.Event>> events) {
        this.scheduler = scheduler;
        this.executor = executor;
        this.clock = clock;
        this.events = events;
    }

    /** Re-plans the next wake-up after the scheduler's state changed. Safe from any thread. */
    void wake() {
        if (stopped) {
            return;
        }
        synchronized (scheduler) {
            Instant next = scheduler.nextWakeup().orElse(null);
            if (next == null || (pending != null && !pending.isDone() && !next.isBefore(pendingAt))) {
                return;
            }
            if (pending != null) {
                pending.cancel(false);
            }
            long delay = Math.max(0, Duration.between(clock.instant(), next).toMillis());
            pendingAt = next;
            pending = executor.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        stopped = true;
        synchronized (scheduler) {
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        CheckScheduler.Step step;
        synchronized (scheduler) {
            pending = null;
            step = scheduler.poll();
        }
        deliver(step.events());
        for (CheckScheduler.Launch launch : step.launches()) {
            start(launch).whenComplete((result, error) -> {
                CheckResult verdict = error == null ? result
                        : CheckResult.critical("Check failed: " + (error.getCause() != null ? error.getCause() : error));
                executor.execute(() -> {
                    List<CheckScheduler.Event> done;
                    synchronized (scheduler) {
                        done = scheduler.complete(launch.checkId(), launch.run(), verdict);
                    }
                    deliver(done);
                    wake();
                });
            });
        }
        wake();
    }

    private static CompletionStage<CheckResult> start(CheckScheduler.Launch launch) {
        try {
            CompletionStage<CheckResult> stage = launch.probe().run();
            return stage == null ? CompletableFuture.completedFuture(CheckResult.critical("Check returned no result")) : stage;
        } catch (RuntimeException e) {
            LOG.warn("check {}: probe failed to start: {}", launch.checkId(), e.toString());
            return CompletableFuture.completedFuture(CheckResult.critical("Check failed to start: " + e));
        }
    }

    private void deliver(List<CheckScheduler.Event> list) {
        if (!list.isEmpty()) {
            try {
                events.accept(list);
            } catch (RuntimeException e) {
                LOG.error("applying check results failed; the agent's check state may be stale until the next run", e);
            }
        }
    }
}
