package io.muster.spi.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Fires once when something a read depended on changes. Costs no thread: a waiter registers a callback,
 * which runs on the writer's thread right after the change commits, so it must not block (hand work to an
 * executor).
 */
public interface Watch {

    /**
     * Runs {@code callback} once when this watch fires, or at once if it already has. The returned handle
     * unregisters the callback (a blocking query that timed out cancels, so idle keys do not collect callbacks).
     */
    Registration onChange(Runnable callback);

    boolean hasFired();

    /** Unregisters a callback; idempotent. */
    interface Registration {
        void cancel();
    }

    /** A watch that never fires (for reads of data that cannot change). */
    static Watch never() {
        return NeverWatch.INSTANCE;
    }

    /** Fires when the first of {@code watches} fires. */
    static Watch anyOf(Collection<? extends Watch> watches) {
        List<Watch> all = List.copyOf(watches);
        if (all.size() == 1) {
            return all.get(0);
        }
        return new Watch() {
            @Override
            public Registration onChange(Runnable callback) {
                java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
                Runnable guarded = () -> {
                    if (once.compareAndSet(false, true)) {
                        callback.run();
                    }
                };
                List<Registration> registrations = new ArrayList<>(all.size());
                for (Watch w : all) {
                    registrations.add(w.onChange(guarded));
                }
                return () -> registrations.forEach(Registration::cancel);
            }

            @Override
            public boolean hasFired() {
                return all.stream().anyMatch(Watch::hasFired);
            }
        };
    }
}

/** The watch of nothing. */
final class NeverWatch implements Watch {
    static final NeverWatch INSTANCE = new NeverWatch();

    private NeverWatch() {
    }

    @Override
    public Registration onChange(Runnable callback) {
        return () -> { };
    }

    @Override
    public boolean hasFired() {
        return false;
    }
}
