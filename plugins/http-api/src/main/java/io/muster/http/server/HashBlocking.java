package io.muster.http.server;

import io.muster.spi.api.QueryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * Consul's hash-based blocking for agent-local reads ({@code ?hash=H&wait=D}, answered with
 * {@code X-Consul-ContentHash}): the answer waits until the content's hash differs from H or the wait elapses
 * (default 5 minutes, capped at 10, plus up to wait/16 of jitter). Nothing holds a thread while parked: a change
 * signal re-reads the content on the changing thread, a timer ends the wait.
 */
public final class HashBlocking {
    private static final Logger LOG = LoggerFactory.getLogger(HashBlocking.class);

    /** Schedules a one-shot task; the handle cancels it. */
    @FunctionalInterface
    public interface Timer {
        AutoCloseable schedule(Duration delay, Runnable task);
    }

    /**
     * One read of the content. {@code hash} null means the answer is final whatever the client holds (e.g. the
     * 404 of an unknown id, which Consul answers at once).
     */
    public record Read(String hash, ApiResponse response) {
    }

    private final Timer timer;
    private final LongUnaryOperator stagger;

    /** @param stagger given the bound in nanoseconds, a random jitter in [0, bound) (Consul's RandomStagger) */
    public HashBlocking(Timer timer, LongUnaryOperator stagger) {
        this.timer = timer;
        this.stagger = stagger;
    }

    /** The wait Consul applies: the asked one (5 minutes when absent), capped at 10 minutes, plus jitter. */
    public Duration effectiveWait(Duration asked) {
        Duration wait = asked == null || asked.isZero() || asked.isNegative() ? QueryOptions.DEFAULT_WAIT : asked;
        if (wait.compareTo(QueryOptions.MAX_WAIT) > 0) {
            wait = QueryOptions.MAX_WAIT;
        }
        long bound = wait.toNanos() / 16;
        return bound > 0 ? wait.plusNanos(stagger.applyAsLong(bound)) : wait;
    }

    /**
     * Answers {@code read} now when {@code clientHash} is null or empty, or when the content's hash differs from
     * it; otherwise parks until a change (heard through {@code watch}) gives another hash, or the wait elapses.
     * The response carries {@code X-Consul-ContentHash}.
     */
    public CompletionStage<ApiResponse> await(String clientHash, Duration wait, Function<Runnable, AutoCloseable> watch,
                                              Supplier<Read> read) {
        if (clientHash == null || clientHash.isEmpty()) {
            return CompletableFuture.completedFuture(withHash(read.get()));
        }
        Parked parked = new Parked(clientHash, read);
        // Watch before the first read, so that a change between the read and the watch is not lost.
        parked.subscription = watch.apply(parked::recheck);
        if (parked.done.get()) {
            closeQuietly(parked.subscription);
        }
        parked.recheck();
        if (!parked.done.get()) {
            AutoCloseable timeout = timer.schedule(effectiveWait(wait), parked::expire);
            parked.timeout = timeout;
            if (parked.done.get()) {
                closeQuietly(timeout);
            }
        }
        return parked.answer;
    }

    /** A 64-bit FNV-1a hash of the bytes in lower-case hex, as Consul renders its content hashes. */
    public static String contentHash(byte[] content) {
        long h = 0xcbf29ce484222325L;
        for (byte b : content) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return Long.toHexString(h);
    }

    public static String contentHash(String content) {
        return contentHash(content.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiResponse withHash(Read r) {
        return r.hash() == null ? r.response() : r.response().header("X-Consul-ContentHash", r.hash());
    }

    private static void closeQuietly(AutoCloseable handle) {
        if (handle == null) {
            return;
        }
        try {
            handle.close();
        } catch (Exception e) {
            LOG.debug("closing a parked hash query's watch or timer failed: {}", e.toString());
        }
    }

    private static final class Parked {
        final String clientHash;
        final Supplier<Read> read;
        final CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
        final AtomicBoolean done = new AtomicBoolean();
        volatile AutoCloseable subscription;
        volatile AutoCloseable timeout;

        Parked(String clientHash, Supplier<Read> read) {
            this.clientHash = clientHash;
            this.read = read;
        }

        /** A change: answer when the hash moved (or the content is gone), else keep waiting. */
        void recheck() {
            if (done.get()) {
                return;
            }
            Read current;
            try {
                current = read.get();
            } catch (RuntimeException e) {
                finish(null, e);
                return;
            }
            if (current.hash() == null || !current.hash().equals(clientHash)) {
                finish(current, null);
            }
        }

        void expire() {
            if (done.get()) {
                return;
            }
            try {
                finish(read.get(), null);
            } catch (RuntimeException e) {
                finish(null, e);
            }
        }

        private void finish(Read current, Throwable error) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            closeQuietly(subscription);
            closeQuietly(timeout);
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(withHash(current));
            }
        }
    }
}
