package io.muster.rpc;

import io.muster.spi.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The caller's side towards one server: one multiplexed connection (re-opened on the next call after it breaks)
 * and the calls in flight on it, each with its own deadline.
 */
final class ServerConnections implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger("agent.rpc");
    static final Duration MAX_CONNECT_WAIT = Duration.ofSeconds(5);

    private final String address;
    private final Reactor reactor;
    private final ScheduledExecutorService timer;
    private final Executor completions;
    private final int maxFrameBytes;
    private final Map<Long, Call> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private Connection connection;

    private static final class Call {
        final String endpoint;
        final Connection connection;
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        volatile boolean sent;
        ScheduledFuture<?> expiry;

        Call(String endpoint, Connection connection) {
            this.endpoint = endpoint;
            this.connection = connection;
        }
    }

    ServerConnections(String address, Reactor reactor, ScheduledExecutorService timer, Executor completions,
                      int maxFrameBytes) {
        this.address = address;
        this.reactor = reactor;
        this.timer = timer;
        this.completions = completions;
        this.maxFrameBytes = maxFrameBytes;
    }

    CompletableFuture<byte[]> call(String endpoint, byte[] request, Duration deadline) {
        long frameBytes = (long) Frame.HEADER_BYTES + 2 + endpoint.length() * 3L + request.length;
        if (frameBytes > maxFrameBytes) {
            // refused here rather than by the server, which would drop the whole connection and every call on it
            return CompletableFuture.failedFuture(new TransportException("request " + endpoint + " of " + request.length
                    + " bytes exceeds the RPC frame limit of " + maxFrameBytes + " bytes (muster.rpc.max_frame_bytes)",
                    false, null));
        }
        Connection c;
        try {
            c = connection(deadline);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(cannotConnect(e));
        }
        Call call = new Call(endpoint, c);
        long id = ids.incrementAndGet();
        calls.put(id, call);
        call.expiry = timer.schedule(() -> {
            if (calls.remove(id, call)) {
                call.result.completeExceptionally(new TransportException("call " + endpoint + " to Muster server "
                        + address + " got no answer within " + deadline.toMillis() + " ms", call.sent, null));
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        call.result.whenComplete((v, e) -> call.expiry.cancel(false));
        c.send(Frame.request(id, endpoint, request), () -> call.sent = true);
        return call.result;
    }

    private synchronized Connection connection(Duration deadline) throws IOException {
        if (connection == null || connection.isClosed()) {
            Connection c = Connection.connect(reactor, ServerEndpoint.parse(address).socketAddress(), address,
                    maxFrameBytes, this);
            long wait = Math.min(deadline.toMillis(), MAX_CONNECT_WAIT.toMillis());
            // A non-blocking connect has no timeout of its own: an unreachable server would hold calls until theirs.
            timer.schedule(() -> {
                if (!c.isClosed() && !c.isConnected()) {
                    c.closeLater(new IOException("no answer to the TCP connect within " + wait + " ms"), true);
                }
            }, wait, TimeUnit.MILLISECONDS);
            connection = c;
        }
        return connection;
    }

    @Override
    public void onFrame(Connection c, Frame frame) {
        Call call = calls.remove(frame.callId());
        if (call == null) {
            return; // its deadline passed: the late answer is dropped
        }
        switch (frame.type()) {
            case Frame.RESPONSE -> completions.execute(() -> call.result.complete(frame.payload()));
            case Frame.ERROR -> completions.execute(() -> call.result.completeExceptionally(new TransportException(
                    "Muster server " + address + " failed to answer " + call.endpoint + ": " + frame.message(), true, null)));
            default -> {
                c.closeLater(new ProtocolException("a server sent a frame of type " + frame.type()), false);
                completions.execute(() -> call.result.completeExceptionally(new TransportException(
                        "Muster server " + address + " broke the RPC protocol", true, null)));
            }
        }
    }

    @Override
    public void onClosed(Connection c, IOException cause, boolean connectFailed) {
        synchronized (this) {
            if (connection == c) {
                connection = null;
            }
        }
        for (Map.Entry<Long, Call> e : calls.entrySet()) {
            Call call = e.getValue();
            if (call.connection == c && calls.remove(e.getKey(), call)) {
                TransportException failure = connectFailed
                        ? cannotConnect(cause)
                        : new TransportException("connection to Muster server " + address + " lost during "
                        + call.endpoint + (cause == null ? " (closed by the server)" : ": " + cause.getMessage()),
                        call.sent, cause);
                completions.execute(() -> call.result.completeExceptionally(failure));
            }
        }
    }

    private TransportException cannotConnect(IOException cause) {
        return new TransportException("cannot connect to Muster server at " + address + ": "
                + (cause == null ? "closed" : cause.getMessage())
                + "; is it running and is ports.server reachable?", false, cause);
    }

    void stop() {
        Connection c;
        synchronized (this) {
            c = connection;
        }
        if (c != null) {
            c.closeLater(new IOException("the RPC transport is stopping"), false);
        }
        log.debug("rpc: connections to {} closed", address);
    }
}
