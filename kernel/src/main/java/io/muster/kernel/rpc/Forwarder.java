package io.muster.kernel.rpc;

import io.muster.kernel.rpc.EndpointCodec.EndpointMethod;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.transport.Transport;
import io.muster.spi.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends forwarded calls through a {@link Transport} to the preferred of its {@link ForwardTargets}, retrying within
 * the call's deadline as Consul's RPC client does:
 * <ul>
 * <li>a request that was not sent (connect refused, no route) goes to the next server at once;</li>
 * <li>a read whose request was sent and then failed in the transport goes to the next server (reads are
 *     idempotent);</li>
 * <li>an answer "No cluster leader" (an election is under way) is retried after a backoff of 250 ms doubling up to
 *     2 s, on a timer, never holding a thread;</li>
 * <li>a write whose request was sent and failed in the transport is not retried: it may have been applied, so it
 *     fails with a 500 saying its outcome is unknown.</li>
 * </ul>
 * Retries stop after {@link #RETRY_HOLD} (Consul's rpc_hold_timeout) or at the call's deadline, whichever is first.
 */
public final class Forwarder implements CallTarget {
    private static final Logger log = LoggerFactory.getLogger("agent.rpc");

    /**
     * Deadline of a non-blocking forwarded call. Consul's RPC client gives a call the connection's 30 s I/O limit;
     * reads answer in milliseconds, so this only bounds a server that hangs.
     */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Added to a blocking query's wait and jitter so that the server's own timeout answers before the caller's. */
    public static final Duration BLOCKING_GRACE = Duration.ofSeconds(10);
    /** How long retries go on (Consul's rpc_hold_timeout, 7 s): long enough to ride out a leader election. */
    public static final Duration RETRY_HOLD = Duration.ofSeconds(7);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final EndpointCodec codec;
    private final Transport transport;
    private final ForwardTargets targets;
    private final boolean fromServer;
    private final Delays delays;
    private final Clock clock;

    /**
     * {@code fromServer} marks the calls as already forwarded by a server (the hop flag): the receiving server does
     * not forward them again.
     */
    public Forwarder(EndpointCodec codec, Transport transport, ForwardTargets targets, boolean fromServer,
                     Delays delays, Clock clock) {
        this.codec = codec;
        this.transport = transport;
        this.targets = targets;
        this.fromServer = fromServer;
        this.delays = delays;
        this.clock = clock;
    }

    /** The deadline of one call: {@link #CALL_TIMEOUT}, or for a blocking query its wait + wait/16 + 10 s. */
    public static Duration timeout(EndpointMethod method, List<Object> args) {
        return EndpointCodec.queryOptions(method, args).filter(QueryOptions::blocking).map(q -> {
            Duration wait = q.maxWait();
            if (wait == null || wait.isZero() || wait.isNegative()) {
                wait = QueryOptions.DEFAULT_WAIT;
            }
            if (wait.compareTo(QueryOptions.MAX_WAIT) > 0) {
                wait = QueryOptions.MAX_WAIT;
            }
            return wait.plus(wait.dividedBy(16)).plus(BLOCKING_GRACE);
        }).orElse(CALL_TIMEOUT);
    }

    @Override
    public CompletionStage<Object> invoke(EndpointMethod method, List<Object> args) {
        byte[] request;
        try {
            request = codec.encodeRequest(method, args, fromServer);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL, e.getMessage(), e));
        }
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout(method, args));
        Instant retryUntil = min(start.plus(RETRY_HOLD), deadline);
        Attempts attempts = new Attempts(method, request, EndpointCodec.isWrite(method, args), deadline, retryUntil);
        attempts.next();
        return attempts.result;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** One call's attempts: a small state machine driven by transport completions and backoff timers. */
    private final class Attempts {
        private final EndpointMethod method;
        private final byte[] request;
        private final boolean write;
        private final Instant deadline;
        private final Instant retryUntil;
        private final CompletableFuture<Object> result = new CompletableFuture<>();
        private Duration backoff = FIRST_BACKOFF;
        /** Servers tried at once since the last backoff: after a full round without success, back off. */
        private int immediateRetries;

        Attempts(EndpointMethod method, byte[] request, boolean write, Instant deadline, Instant retryUntil) {
            this.method = method;
            this.request = request;
            this.write = write;
            this.deadline = deadline;
            this.retryUntil = retryUntil;
        }

        void next() {
            List<String> candidates = targets.candidates();
            if (candidates.isEmpty()) {
                ApiException none = targets.none();
                if (isNoLeader(none)) {
                    retryLater(none);
                } else {
                    result.completeExceptionally(none);
                }
                return;
            }
            String server = candidates.get(0);
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                result.completeExceptionally(timedOut(server));
                return;
            }
            CompletionStage<byte[]> sent;
            try {
                sent = transport.call(server, method.key(), request, remaining);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((reply, error) -> {
                if (error != null) {
                    onTransportFailure(server, candidates.size(), EndpointCodec.unwrap(error));
                } else {
                    onReply(reply);
                }
            });
        }

        private void onReply(byte[] reply) {
            Object value;
            try {
                value = codec.decodeReply(method, reply);
            } catch (ApiException e) {
                if (isNoLeader(e)) {
                    retryLater(e);
                } else {
                    result.completeExceptionally(e);
                }
                return;
            }
            result.complete(value);
        }

        private void onTransportFailure(String server, int servers, Throwable error) {
            boolean sent = !(error instanceof TransportException te) || te.requestSent();
            targets.failed(server);
            if (write && sent) {
                result.completeExceptionally(new ApiException(ApiException.Kind.INTERNAL, "rpc error: the write "
                        + method.key() + " was sent to server " + server + " but failed in transit (" + error.getMessage()
                        + "); its outcome is unknown: read the state before retrying"));
                return;
            }
            ApiException failure = new ApiException(ApiException.Kind.INTERNAL, "rpc error making call " + method.key()
                    + " to server " + server + ": " + error.getMessage(), error);
            log.debug("forwarded call {} to {} failed, retrying: {}", method.key(), server, error.getMessage());
            if (++immediateRetries < servers && clock.instant().isBefore(retryUntil)) {
                next();
            } else {
                retryLater(failure);
            }
        }

        /** Backs off on the timer, or gives up with {@code failure} when the next try would pass the hold time. */
        private void retryLater(ApiException failure) {
            Duration wait = backoff;
            if (!clock.instant().plus(wait).isBefore(retryUntil)) {
                result.completeExceptionally(failure);
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            immediateRetries = 0;
            try {
                delays.after(wait, this::next);
            } catch (RuntimeException e) {
                // The timer refuses work only while the agent shuts down: answer now rather than never.
                result.completeExceptionally(failure);
            }
        }

        private ApiException timedOut(String server) {
            return new ApiException(ApiException.Kind.INTERNAL, "rpc error making call " + method.key() + " to server "
                    + server + ": no answer before the deadline");
        }
    }

    private static boolean isNoLeader(ApiException e) {
        return e.kind() == ApiException.Kind.INTERNAL && ApiException.noLeader().getMessage().equals(e.getMessage());
    }
}
