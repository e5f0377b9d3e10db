package io.muster.kernel.agent;

import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckResult;
import io.muster.spi.model.HealthStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CheckRunnerTest {
    @Test
    void runsProbesOnTheSchedulerThreadAndFeedsBackTheirAnswers() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            CheckScheduler scheduler = new CheckScheduler(Clock.systemUTC(), new Random(3));
            List<CheckScheduler.Event> events = new CopyOnWriteArrayList<>();
            CheckRunner runner = new CheckRunner(scheduler, executor, Clock.systemUTC(), events::addAll);
            AtomicInteger runs = new AtomicInteger();
            CheckProbe probe = () -> CompletableFuture.supplyAsync(() -> CheckResult.passing("run " + runs.incrementAndGet()));
            synchronized (scheduler) {
                scheduler.addInterval("fast", "", probe, Duration.ofMillis(50), null, CheckScheduler.Thresholds.NONE, null,
                        HealthStatus.CRITICAL, "");
            }
            runner.wake();
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
            runner.stop();
            assertThat(events).first().isEqualTo(new CheckScheduler.StatusChanged("fast", HealthStatus.PASSING, "run 1"));
        } finally {
            executor.shutdownNow();
        }
    }
}
