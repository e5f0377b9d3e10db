package io.muster.http.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP API's telemetry, recorded lock-free: counters and samples (timers in milliseconds) keyed by name and
 * labels. Each is kept twice, as go-metrics' in-memory sink and Prometheus do: per 10-second interval (what
 * {@code /v1/agent/metrics} shows as JSON: the last finished interval, or the current one when it is the only one)
 * and cumulatively since start (what Prometheus scrapes).
 */
public final class Metrics {
    /** go-metrics' in-memory sink interval, as Consul configures it. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    /** A metric's identity: its dotted name and its labels (sorted by label name). */
    public record Key(String name, Map<String, String> labels) {
        public Key {
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        }
    }

    /** The aggregate of one metric over a period: go-metrics' AggregateSample. */
    public record Aggregate(Key key, long count, double sum, double min, double max, double sumOfSquares) {
        public double mean() {
            return count == 0 ? 0 : sum / count;
        }

        /** Sample standard deviation, as go-metrics computes it. */
        public double stddev() {
            if (count < 2) {
                return 0;
            }
            double num = count * sumOfSquares - sum * sum;
            double div = (double) count * (count - 1);
            return Math.sqrt(Math.max(0, num / div));
        }
    }

    /** What a period holds: its start and its counters and samples. */
    public record Period(Instant start, List<Aggregate> counters, List<Aggregate> samples) {
    }

    /** A handle to record one metric; callers may keep it to skip the lookup. */
    public final class Recorder {
        private final Key key;
        private final boolean counter;
        private final Accumulator total = new Accumulator();

        private Recorder(Key key, boolean counter) {
            this.key = key;
            this.counter = counter;
        }

        /** Adds a value: a count to a counter, a duration in milliseconds (or any measure) to a sample. */
        public void record(double value) {
            total.add(value);
            Interval current = current();
            (counter ? current.counters : current.samples).computeIfAbsent(key, k -> new Accumulator()).add(value);
        }

        public void increment() {
            record(1);
        }

        public void recordNanos(long nanos) {
            record(nanos / 1_000_000.0);
        }
    }

    private final Clock clock;
    private final Map<Key, Recorder> counters = new ConcurrentHashMap<>();
    private final Map<Key, Recorder> samples = new ConcurrentHashMap<>();
    private final AtomicReference<Interval[]> intervals;

    public Metrics(Clock clock) {
        this.clock = clock;
        this.intervals = new AtomicReference<>(new Interval[]{null, new Interval(align(clock.instant()))});
    }

    public Recorder counter(String name, Map<String, String> labels) {
        Key key = new Key(name, labels);
        return counters.computeIfAbsent(key, k -> new Recorder(k, true));
    }

    public Recorder sample(String name, Map<String, String> labels) {
        Key key = new Key(name, labels);
        return samples.computeIfAbsent(key, k -> new Recorder(k, false));
    }

    /** The period {@code /v1/agent/metrics} shows: the last finished interval, else the current one. */
    public Period displayedInterval() {
        Interval[] pair = roll();
        Interval shown = pair[0] != null ? pair[0] : pair[1];
        return new Period(shown.start, aggregates(shown.counters), aggregates(shown.samples));
    }

    /** Everything since start, for Prometheus. */
    public Period cumulative() {
        List<Aggregate> c = new ArrayList<>();
        counters.values().forEach(r -> c.add(r.total.aggregate(r.key)));
        List<Aggregate> s = new ArrayList<>();
        samples.values().forEach(r -> s.add(r.total.aggregate(r.key)));
        c.sort(BY_KEY);
        s.sort(BY_KEY);
        return new Period(Instant.EPOCH, c, s);
    }

    private static final java.util.Comparator<Aggregate> BY_KEY = java.util.Comparator
            .comparing((Aggregate a) -> a.key().name()).thenComparing(a -> a.key().labels().toString());

    private static List<Aggregate> aggregates(Map<Key, Accumulator> values) {
        List<Aggregate> out = new ArrayList<>();
        values.forEach((k, acc) -> out.add(acc.aggregate(k)));
        out.sort(BY_KEY);
        return out;
    }

    private Interval current() {
        return roll()[1];
    }

    /** {previous finished interval or null, current interval}, moving on when the clock left the current one. */
    private Interval[] roll() {
        while (true) {
            Interval[] pair = intervals.get();
            Instant now = clock.instant();
            if (now.isBefore(pair[1].start.plus(INTERVAL))) {
                return pair;
            }
            Instant start = align(now);
            // An interval without records in between is as empty as go-metrics' lazily created ones: the last
            // finished interval is the one just left.
            Interval[] next = {pair[1], new Interval(start)};
            if (intervals.compareAndSet(pair, next)) {
                return next;
            }
        }
    }

    private static Instant align(Instant t) {
        long ms = INTERVAL.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }

    private static final class Interval {
        final Instant start;
        final Map<Key, Accumulator> counters = new ConcurrentHashMap<>();
        final Map<Key, Accumulator> samples = new ConcurrentHashMap<>();

        Interval(Instant start) {
            this.start = start;
        }
    }

    /** Lock-free running count, sum, min, max and sum of squares. */
    private static final class Accumulator {
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();
        final DoubleAdder sumOfSquares = new DoubleAdder();
        final DoubleAccumulator min = new DoubleAccumulator(Math::min, Double.POSITIVE_INFINITY);
        final DoubleAccumulator max = new DoubleAccumulator(Math::max, Double.NEGATIVE_INFINITY);

        void add(double v) {
            count.increment();
            sum.add(v);
            sumOfSquares.add(v * v);
            min.accumulate(v);
            max.accumulate(v);
        }

        Aggregate aggregate(Key key) {
            long n = count.sum();
            return new Aggregate(key, n, sum.sum(), n == 0 ? 0 : min.get(), n == 0 ? 0 : max.get(), sumOfSquares.sum());
        }
    }
}
