package io.muster.kernel.store;

import io.muster.spi.store.Watch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Set;

/** A one-shot watch: fires its callbacks once, on the committing writer's thread, outside the store lock. */
final class WatchChannel implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(WatchChannel.class);

    private Set<Runnable> callbacks = new LinkedHashSet<>(2);
    private boolean fired;

    @Override
    public Registration onChange(Runnable callback) {
        Runnable unique = callback::run; // a fresh identity, so cancel removes exactly this registration in O(1)
        synchronized (this) {
            if (!fired) {
                callbacks.add(unique);
                return () -> {
                    synchronized (this) {
                        if (callbacks != null) {
                            callbacks.remove(unique);
                        }
                    }
                };
            }
        }
        callback.run();
        return () -> { };
    }

    @Override
    public synchronized boolean hasFired() {
        return fired;
    }

    synchronized int waiters() {
        return callbacks == null ? 0 : callbacks.size();
    }

    void fire() {
        Set<Runnable> toRun;
        synchronized (this) {
            if (fired) {
                return;
            }
            fired = true;
            toRun = callbacks;
            callbacks = null;
        }
        for (Runnable callback : toRun) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("A state store watch callback failed; the other waiters were still notified", e);
            }
        }
    }
}
