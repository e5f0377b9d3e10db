package io.muster.kernel.cluster;

import io.muster.spi.ConfigView;
import io.muster.spi.api.CoordinateApi;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.membership.Membership;
import io.muster.spi.model.Coordinate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Sends this agent's LAN coordinate to the catalog now and then, as Consul's agent does: the wait is
 * {@code sync_coordinate_interval_min} (15 s), longer when the cluster is big enough that all members together
 * would exceed {@code sync_coordinate_rate_target} (64) updates a second, plus a random stagger of up to the
 * same again. A failed update is logged and the next one comes on schedule; nothing here stops the agent.
 */
public final class CoordinateSync {
    private static final Logger log = LoggerFactory.getLogger(CoordinateSync.class);
    public static final Duration DEFAULT_INTERVAL_MIN = Duration.ofSeconds(15);
    public static final double DEFAULT_RATE_TARGET = 64.0;

    private final Supplier<Optional<Coordinate>> local;
    private final CoordinateApi coordinates;
    private final IntSupplier members;
    private final Duration intervalMin;
    private final double rateTarget;
    private final ScheduledExecutorService timers;
    private final Random random;
    private ScheduledFuture<?> next;
    private boolean stopped;

    public CoordinateSync(Supplier<Optional<Coordinate>> local, CoordinateApi coordinates, IntSupplier members,
                          Duration intervalMin, double rateTarget, ScheduledExecutorService timers, Random random) {
        this.local = local;
        this.coordinates = coordinates;
        this.members = members;
        this.intervalMin = intervalMin;
        this.rateTarget = rateTarget;
        this.timers = timers;
        this.random = random;
    }

    /**
     * The agent's wiring: syncs {@code membership}'s coordinate through {@code coordinates}, with the two config
     * keys; does nothing when {@code disable_coordinates} is set. Returns the running sync (stop it with the agent).
     */
    public static CoordinateSync start(ConfigView config, Membership membership, CoordinateApi coordinates,
                                       ScheduledExecutorService timers) {
        Duration min = config.duration("sync_coordinate_interval_min", DEFAULT_INTERVAL_MIN);
        double rate = config.get("sync_coordinate_rate_target")
                .filter(Number.class::isInstance).map(n -> ((Number) n).doubleValue()).orElse(DEFAULT_RATE_TARGET);
        CoordinateSync sync = new CoordinateSync(membership::localCoordinate, coordinates,
                () -> membership.members(false).size(), min, rate, timers, new Random());
        if (config.bool("disable_coordinates", false)) {
            log.debug("coordinate sync: disabled by disable_coordinates");
        } else {
            sync.start();
        }
        return sync;
    }

    /** Consul's rate-scaled interval: {@code max(min, members / rate)}. */
    static Duration interval(Duration min, double rateTarget, int members) {
        if (rateTarget <= 0 || members <= 0) {
            return min;
        }
        Duration scaled = Duration.ofNanos((long) (members / rateTarget * 1.0e9));
        return scaled.compareTo(min) > 0 ? scaled : min;
    }

    public synchronized void start() {
        if (!stopped && next == null) {
            schedule();
        }
    }

    public synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private synchronized void schedule() {
        if (stopped) {
            return;
        }
        long base = interval(intervalMin, rateTarget, members.getAsInt()).toNanos();
        long wait = base + (long) (random.nextDouble() * base);
        next = timers.schedule(this::syncOnce, wait, TimeUnit.NANOSECONDS);
    }

    /** One round: send the coordinate if there is one, then schedule the next round whatever happened. */
    void syncOnce() {
        try {
            Optional<Coordinate> coordinate = local.get();
            if (coordinate.isEmpty()) {
                log.debug("coordinate sync: no coordinate yet, nothing to send");
            } else {
                Coordinate c = coordinate.get();
                coordinates.update(c, WriteOptions.DEFAULT).whenComplete((ok, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                                ? e.getCause() : e;
                        log.warn("coordinate sync: updating the coordinate of node {} failed: {}; retrying at the next interval",
                                c.node(), cause.getMessage());
                    } else {
                        log.debug("coordinate sync: sent the coordinate of node {} (error {})", c.node(), c.error());
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("coordinate sync: could not send this agent's coordinate: {}; retrying at the next interval",
                    e.toString());
        } finally {
            schedule();
        }
    }
}
