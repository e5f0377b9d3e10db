package io.muster.http;

import io.muster.http.server.HashBlocking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link HashBlocking.Timer} the test fires by hand: waits end when the test says so, never by the clock. */
final class ManualTimer implements HashBlocking.Timer {
    record Pending(Duration delay, Runnable task) {
    }

    private final List<Pending> pending = new ArrayList<>();

    @Override
    public synchronized AutoCloseable schedule(Duration delay, Runnable task) {
        Pending p = new Pending(delay, task);
        pending.add(p);
        return () -> {
            synchronized (this) {
                pending.remove(p);
            }
        };
    }

    synchronized List<Duration> delays() {
        return pending.stream().map(Pending::delay).toList();
    }

    /** Runs every pending task (outside the lock, as a scheduler thread would). */
    void fireAll() {
        List<Pending> due;
        synchronized (this) {
            due = List.copyOf(pending);
            pending.clear();
        }
        due.forEach(p -> p.task().run());
    }
}
