package io.muster.kernel.rpc;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a task after a delay without holding a thread meanwhile (tests run the task at once or on demand). */
@FunctionalInterface
public interface Delays {
    void after(Duration delay, Runnable task);

    static Delays on(ScheduledExecutorService scheduler) {
        return (delay, task) -> scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
