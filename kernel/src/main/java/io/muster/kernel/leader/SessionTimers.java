package io.muster.kernel.leader;

import io.muster.spi.model.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Session TTL expiry, a leader duty. As Consul does, a session expires after twice its TTL without a renew
 * (clients renew at TTL/2, so a slow renew is not fatal); the timer restarts on renew, and all timers are
 * re-armed from the store when this server gains leadership (a new leader grants every session a full period).
 * Time comes from the injected scheduler, so tests drive it deterministically.
 */
public final class SessionTimers {
    /** Consul's SessionTTLMultiplier. */
    public static final int TTL_MULTIPLIER = 2;
    private static final Logger LOG = LoggerFactory.getLogger(SessionTimers.class);

    private final ScheduledExecutorService scheduler;
    private final Function<String, CompletionStage<?>> invalidate;
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

    /** {@code invalidate} destroys a session through consensus (releasing or deleting its locks). */
    public SessionTimers(ScheduledExecutorService scheduler, Function<String, CompletionStage<?>> invalidate) {
        this.scheduler = scheduler;
        this.invalidate = invalidate;
    }

    /** Starts (or restarts) the session's timer; sessions without a TTL have none. */
    public void arm(Session session) {
        Duration ttl = session.ttl();
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            return;
        }
        long delayMillis = ttl.toMillis() * TTL_MULTIPLIER;
        String id = session.id();
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        synchronized (timers) {
            self[0] = scheduler.schedule(() -> expire(id, self[0]), delayMillis, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> previous = timers.put(id, self[0]);
            if (previous != null) {
                previous.cancel(false);
            }
        }
    }

    /** Renew: restart the timer. */
    public void reset(Session session) {
        arm(session);
    }

    public void cancel(String id) {
        ScheduledFuture<?> t = timers.remove(id);
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Leadership gained: every session with a TTL gets a fresh timer. */
    public void armAll(Collection<Session> sessions) {
        sessions.forEach(this::arm);
    }

    /** Leadership lost: only the leader expires sessions. */
    public void cancelAll() {
        for (String id : java.util.List.copyOf(timers.keySet())) {
            cancel(id);
        }
    }

    public int armed() {
        return timers.size();
    }

    private void expire(String id, ScheduledFuture<?> self) {
        synchronized (timers) {
            if (!timers.remove(id, self)) {
                return; // renewed or cancelled meanwhile
            }
        }
        LOG.debug("Session {} expired (no renew within {}x its TTL); invalidating it", id, TTL_MULTIPLIER);
        invalidate.apply(id).whenComplete((r, e) -> {
            if (e != null) {
                LOG.warn("Could not invalidate expired session {}: {}. It will expire again on the next leader.",
                        id, e.getMessage());
            }
        });
    }
}
