package io.muster.kernel.leader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on virtual time for deterministic tests: {@code execute} runs at once on the caller's thread,
 * scheduled tasks run only when {@link #advance} moves the clock past their due time.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>(Comparator.comparingLong((Task<?> t) -> t.due)
            .thenComparingLong(t -> t.seq));
    private final List<Long> scheduledDelaysMillis = new ArrayList<>();
    private long nowMillis;
    private long seq;

    public synchronized long nowMillis() {
        return nowMillis;
    }

    /** Delays of every schedule() call so far, in milliseconds. */
    public synchronized List<Long> scheduledDelaysMillis() {
        return List.copyOf(scheduledDelaysMillis);
    }

    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    public void advance(Duration by) {
        long target;
        synchronized (this) {
            target = nowMillis + by.toMillis();
        }
        while (true) {
            Task<?> next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    nowMillis = target;
                    return;
                }
                queue.poll();
                nowMillis = next.due;
            }
            if (!next.cancelled) {
                next.run();
            }
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public synchronized <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        long millis = unit.toMillis(delay);
        scheduledDelaysMillis.add(millis);
        Task<V> task = new Task<>(callable, nowMillis + millis, seq++);
        queue.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("ManualScheduler supports one-shot tasks only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("ManualScheduler supports one-shot tasks only");
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Task<V> implements ScheduledFuture<V> {
        private final Callable<V> callable;
        private final long due;
        private final long seq;
        private volatile boolean cancelled;
        private volatile boolean done;
        private V result;

        Task(Callable<V> callable, long due, long seq) {
            this.callable = callable;
            this.due = due;
            this.seq = seq;
        }

        void run() {
            try {
                result = callable.call();
            } catch (Exception e) {
                throw new IllegalStateException("scheduled task failed", e);
            } finally {
                done = true;
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nowMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public V get() {
            return result;
        }

        @Override
        public V get(long timeout, TimeUnit unit) {
            return result;
        }
    }
}
