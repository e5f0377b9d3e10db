package io.muster.kernel.agent;

import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckResult;
import io.muster.spi.model.HealthStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The check runner's state machine. It never sleeps, starts threads or runs a probe itself: {@link #poll()}
 * says which probes to start now and what changed, {@link #complete} takes a probe's answer. Time comes from the
 * injected clock, so tests drive it step by step; {@link CheckRunner} drives it in production.
 *
 * <p>Rules (Consul's agent/checks): the first run of an interval check is delayed by a random part of its
 * interval so that many checks do not fire together; one check never runs twice at once; a run that outlives its
 * timeout (plus {@link #TIMEOUT_GRACE}) counts as critical "Timeout exceeded"; results pass through the
 * success_before_passing / failures_before_warning / failures_before_critical counters; a TTL check that is not
 * updated in time turns critical "TTL expired"; a check critical for longer than its
 * deregister_critical_service_after asks for its service's removal. Not thread-safe: callers serialise.
 */
public final class CheckScheduler {
    /** Output is bounded as Consul's checks.DefaultBufSize. */
    public static final int MAX_OUTPUT = 4 * 1024;
    /** Applied when an interval check sets no timeout: the longest default of the built-in types (script, 30s). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Probes enforce their own timeout with a better message; the scheduler steps in only after this grace. */
    public static final Duration TIMEOUT_GRACE = Duration.ofSeconds(1);
    static final String TIMEOUT_OUTPUT = "Timeout exceeded";

    /** What the scheduler asks its caller to do or to record. */
    public sealed interface Event permits StatusChanged, DeregisterService {
    }

    /** A check's recorded status or output changed. */
    public record StatusChanged(String checkId, HealthStatus status, String output) implements Event {
    }

    /** A check has been critical for longer than its deregister_critical_service_after. */
    public record DeregisterService(String serviceId, String checkId) implements Event {
    }

    /** A probe run to start; hand its result back with the same {@code run} number. */
    public record Launch(String checkId, long run, CheckProbe probe) {
    }

    public record Step(List<Launch> launches, List<Event> events) {
    }

    /** Thresholds as configured; zeros mean Consul's defaults (act on the first result). */
    public record Thresholds(int successBeforePassing, int failuresBeforeWarning, int failuresBeforeCritical) {
        public static final Thresholds NONE = new Thresholds(0, 0, 0);
    }

    private final Clock clock;
    private final RandomGenerator random;
    private final Map<String, Entry> entries = new HashMap<>();

    public CheckScheduler(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    private static final class Entry {
        final String checkId;
        final String serviceId;
        final CheckProbe probe;
        final Duration interval;
        final Duration timeout;
        final Duration ttl;
        final Duration deregisterAfter;
        final Thresholds thresholds;
        HealthStatus status;
        String output;
        int successes;
        int failures;
        Instant nextRun;
        Instant lastStart;
        Instant runDeadline;
        long run;
        Instant ttlExpiry;
        boolean ttlExpired;
        Instant criticalSince;
        boolean deregisterAsked;

        Entry(String checkId, String serviceId, CheckProbe probe, Duration interval, Duration timeout, Duration ttl,
              Duration deregisterAfter, Thresholds thresholds, HealthStatus status, String output) {
            this.checkId = checkId;
            this.serviceId = serviceId;
            this.probe = probe;
            this.interval = interval;
            this.timeout = timeout;
            this.ttl = ttl;
            this.deregisterAfter = deregisterAfter;
            this.thresholds = thresholds;
            this.status = status;
            this.output = output;
        }
    }

    /** Adds (or replaces) a check run every {@code interval}; its first run comes after a random part of it. */
    public void addInterval(String checkId, String serviceId, CheckProbe probe, Duration interval, Duration timeout,
                            Thresholds thresholds, Duration deregisterAfter, HealthStatus status, String output) {
        Instant now = clock.instant();
        remove(checkId);
        Entry e = new Entry(checkId, serviceId, probe, interval, timeout == null ? DEFAULT_TIMEOUT : timeout, null,
                deregisterAfter, thresholds, status, truncate(output));
        e.nextRun = now.plusNanos(random.nextLong(Math.max(1, interval.toNanos())));
        trackCritical(e, now);
        entries.put(checkId, e);
    }

    /**
     * Adds (or replaces) a TTL check. {@code expiresAt} restores a persisted deadline; null starts a full ttl now
     * (Consul starts the timer at registration).
     */
    public void addTtl(String checkId, String serviceId, Duration ttl, Duration deregisterAfter, HealthStatus status,
                       String output, Instant expiresAt) {
        Instant now = clock.instant();
        remove(checkId);
        Entry e = new Entry(checkId, serviceId, null, null, null, ttl, deregisterAfter, Thresholds.NONE, status,
                truncate(output));
        e.ttlExpiry = expiresAt == null ? now.plus(ttl) : expiresAt;
        trackCritical(e, now);
        entries.put(checkId, e);
    }

    /** Stops scheduling a check and closes its probe; a run in flight is ignored when it completes. */
    public void remove(String checkId) {
        Entry e = entries.remove(checkId);
        if (e != null && e.probe != null) {
            e.probe.close();
        }
    }

    public boolean contains(String checkId) {
        return entries.containsKey(checkId);
    }

    public boolean isTtl(String checkId) {
        Entry e = entries.get(checkId);
        return e != null && e.ttl != null;
    }

    /** When the TTL check expires unless updated again; empty for other checks. */
    public Optional<Instant> ttlExpiry(String checkId) {
        Entry e = entries.get(checkId);
        return e == null || e.ttl == null ? Optional.empty() : Optional.of(e.ttlExpiry);
    }

    /** A TTL update: sets the status at once (no thresholds, as Consul's CheckTTL) and restarts the ttl. */
    public List<Event> updateTtl(String checkId, HealthStatus status, String output) {
        Entry e = entries.get(checkId);
        if (e == null || e.ttl == null) {
            throw new IllegalArgumentException("check " + checkId + " is not a TTL check");
        }
        Instant now = clock.instant();
        e.ttlExpiry = now.plus(e.ttl);
        e.ttlExpired = false;
        List<Event> events = new ArrayList<>();
        record(e, status, output, now, events);
        return events;
    }

    /** Everything due at the clock's now: timeouts, TTL expiries, deregistrations, then probe runs to start. */
    public Step poll() {
        Instant now = clock.instant();
        List<Event> events = new ArrayList<>();
        List<Launch> launches = new ArrayList<>();
        for (Entry e : List.copyOf(entries.values())) {
            if (e.runDeadline != null && !now.isBefore(e.runDeadline)) {
                e.run++;
                e.runDeadline = null;
                e.nextRun = later(e.lastStart.plus(e.interval), now);
                apply(e, CheckResult.critical(TIMEOUT_OUTPUT), now, events);
            }
            if (e.ttl != null && !e.ttlExpired && !now.isBefore(e.ttlExpiry)) {
                e.ttlExpired = true;
                String out = e.output.isEmpty() ? "TTL expired" : "TTL expired (last output before timeout follows): " + e.output;
                record(e, HealthStatus.CRITICAL, out, now, events);
            }
            if (e.deregisterAfter != null && e.criticalSince != null && !e.deregisterAsked
                    && !now.isBefore(e.criticalSince.plus(e.deregisterAfter)) && !e.serviceId.isEmpty()) {
                e.deregisterAsked = true;
                events.add(new DeregisterService(e.serviceId, e.checkId));
            }
            if (e.probe != null && e.runDeadline == null && !now.isBefore(e.nextRun)) {
                e.run++;
                e.lastStart = now;
                e.runDeadline = now.plus(e.timeout).plus(TIMEOUT_GRACE);
                launches.add(new Launch(e.checkId, e.run, e.probe));
            }
        }
        return new Step(launches, events);
    }

    /** A probe's answer; answers of runs that timed out or of removed checks are dropped. */
    public List<Event> complete(String checkId, long run, CheckResult result) {
        Entry e = entries.get(checkId);
        if (e == null || e.run != run || e.runDeadline == null) {
            return List.of();
        }
        Instant now = clock.instant();
        e.runDeadline = null;
        e.nextRun = later(e.lastStart.plus(e.interval), now);
        List<Event> events = new ArrayList<>();
        apply(e, result, now, events);
        return events;
    }

    /** The earliest instant at which {@link #poll()} has something to do. */
    public Optional<Instant> nextWakeup() {
        Instant next = null;
        for (Entry e : entries.values()) {
            if (e.probe != null) {
                next = earliest(next, e.runDeadline != null ? e.runDeadline : e.nextRun);
            }
            if (e.ttl != null && !e.ttlExpired) {
                next = earliest(next, e.ttlExpiry);
            }
            if (e.deregisterAfter != null && e.criticalSince != null && !e.deregisterAsked && !e.serviceId.isEmpty()) {
                next = earliest(next, e.criticalSince.plus(e.deregisterAfter));
            }
        }
        return Optional.ofNullable(next);
    }

    /** For tests and diagnostics: the next planned run of an interval check. */
    Optional<Instant> nextRun(String checkId) {
        Entry e = entries.get(checkId);
        return e == null || e.probe == null ? Optional.empty() : Optional.of(e.nextRun);
    }

    /** Consul's StatusHandler: passing/warning need N successes in a row, critical needs N failures in a row. */
    private void apply(Entry e, CheckResult result, Instant now, List<Event> events) {
        HealthStatus status = result.status() == null ? HealthStatus.CRITICAL : result.status();
        Thresholds t = e.thresholds;
        if (status != HealthStatus.CRITICAL) {
            e.successes++;
            e.failures = 0;
            if (e.successes >= t.successBeforePassing()) {
                record(e, status, result.output(), now, events);
            }
            return;
        }
        e.successes = 0;
        e.failures++;
        // failures_before_warning defaults to failures_before_critical (Consul's agent.addCheck).
        int beforeWarning = t.failuresBeforeWarning() == 0 ? t.failuresBeforeCritical() : t.failuresBeforeWarning();
        if (e.failures >= t.failuresBeforeCritical()) {
            record(e, HealthStatus.CRITICAL, result.output(), now, events);
        } else if (e.failures >= beforeWarning) {
            record(e, HealthStatus.WARNING, result.output(), now, events);
        }
    }

    private void record(Entry e, HealthStatus status, String output, Instant now, List<Event> events) {
        String out = truncate(output);
        if (status == e.status && out.equals(e.output)) {
            return;
        }
        e.status = status;
        e.output = out;
        trackCritical(e, now);
        events.add(new StatusChanged(e.checkId, status, out));
    }

    private static void trackCritical(Entry e, Instant now) {
        if (e.status == HealthStatus.CRITICAL) {
            if (e.criticalSince == null) {
                e.criticalSince = now;
            }
        } else {
            e.criticalSince = null;
            e.deregisterAsked = false;
        }
    }

    static String truncate(String output) {
        if (output == null) {
            return "";
        }
        return output.length() <= MAX_OUTPUT ? output : output.substring(0, MAX_OUTPUT);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
