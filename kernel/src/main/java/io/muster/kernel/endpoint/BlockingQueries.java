package io.muster.kernel.endpoint;

import io.muster.spi.api.Consistency;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.consensus.Consensus;
import io.muster.spi.store.Read;
import io.muster.spi.store.Watch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Consul's blocking queries without a thread per waiter: run the read; while its index is at most
 * {@code minIndex}, park a callback on the read's watch and a timer on the shared scheduler (the wait, capped at
 * 10 minutes, plus a random jitter of up to wait/16 so that many clients do not wake together), then read again.
 */
final class BlockingQueries {
    /** Consul's JitterFraction: the random stagger added to a blocking query's wait is at most wait/16. */
    static final int JITTER_FRACTION = 16;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("agent.blocking");

    private final Consensus consensus;
    private final ScheduledExecutorService scheduler;
    private final DoubleSupplier random;

    BlockingQueries(Consensus consensus, ScheduledExecutorService scheduler, DoubleSupplier random) {
        this.consensus = consensus;
        this.scheduler = scheduler;
        this.random = random;
    }

    <T> CompletionStage<QueryResult<T>> query(QueryOptions options, Supplier<Read<T>> read) {
        CompletionStage<Void> ready = options.consistency() == Consistency.CONSISTENT
                ? consensus.readBarrier() : CompletableFuture.completedFuture(null);
        return ready.thenCompose(v -> {
            Read<T> first = read.get();
            if (!options.blocking() || first.index() > options.minIndex()) {
                return CompletableFuture.completedFuture(result(options, first));
            }
            return new Waiter<>(options, read).park(first);
        });
    }

    /** The wait a blocking query gets before jitter: the asked one (default 5m), at most 10m. */
    static Duration effectiveWait(QueryOptions options) {
        Duration wait = options.maxWait();
        if (wait == null || wait.isZero() || wait.isNegative()) {
            wait = QueryOptions.DEFAULT_WAIT;
        }
        return wait.compareTo(QueryOptions.MAX_WAIT) > 0 ? QueryOptions.MAX_WAIT : wait;
    }

    private <T> QueryResult<T> result(QueryOptions options, Read<T> read) {
        return new QueryResult<>(read.value(), Math.max(1, read.index()), consensus.leader().isPresent(),
                consensus.lastContactMillis(), options.consistency());
    }

    private final class Waiter<T> {
        private final QueryOptions options;
        private final Supplier<Read<T>> read;
        private final CompletableFuture<QueryResult<T>> future = new CompletableFuture<>();
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile Watch.Registration registration;
        private volatile ScheduledFuture<?> timer;

        Waiter(QueryOptions options, Supplier<Read<T>> read) {
            this.options = options;
            this.read = read;
        }

        CompletableFuture<QueryResult<T>> park(Read<T> first) {
            long waitMillis = effectiveWait(options).toMillis();
            long jitter = (long) (random.getAsDouble() * (waitMillis / JITTER_FRACTION));
            timer = scheduler.schedule(this::timeout, waitMillis + jitter, TimeUnit.MILLISECONDS);
            watch(first);
            LOG.debug("blocking query parked: waiting for index > {} (at {}) for up to {} ms", options.minIndex(),
                    first.index(), waitMillis + jitter);
            return future;
        }

        private void watch(Read<T> current) {
            registration = current.watch().onChange(this::wake);
        }

        /**
         * Runs on the writer's thread, right after the write that fired the watch: the re-read captures exactly the
         * state that write produced (a watcher sees every change of a key that is written one write at a time, as
         * Consul's clients expect), and the answer is handed to the scheduler so the writer does not serialise it.
         */
        private void wake() {
            if (done.get()) {
                return;
            }
            try {
                Read<T> again = read.get();
                if (again.index() > options.minIndex()) {
                    scheduler.execute(() -> finish(again));
                } else {
                    watch(again);
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void timeout() {
            if (done.get()) {
                return;
            }
            try {
                finish(read.get());
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void finish(Read<T> r) {
            if (done.compareAndSet(false, true)) {
                cleanup();
                future.complete(result(options, r));
            }
        }

        private void fail(RuntimeException e) {
            if (done.compareAndSet(false, true)) {
                cleanup();
                future.completeExceptionally(e);
            }
        }

        private void cleanup() {
            Watch.Registration r = registration;
            if (r != null) {
                r.cancel();
            }
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
