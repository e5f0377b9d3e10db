package io.muster.rpc;

import io.muster.spi.transport.Transport;
import io.muster.spi.transport.TransportException;
import io.muster.spi.transport.TransportHandler;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Muster's server transport: request/response frames multiplexed over one TCP connection per (caller, server).
 *
 * <p>Wire format. The caller opens with the 5 bytes {@code 'M' 'S' 'T' 'R' 1} (magic and protocol version); the
 * server closes any connection that does not. Then both sides exchange frames: {@code int length} (bytes after this
 * field), {@code byte type} (1 REQUEST, 2 RESPONSE, 3 ERROR), {@code long callId}; a REQUEST continues with
 * {@code short} endpoint length, the endpoint name in UTF-8 and the payload; a RESPONSE with the payload; an ERROR
 * with a UTF-8 message. Answers carry the request's call id and may come in any order, so thousands of calls
 * (blocking queries parked for minutes) share a connection. A frame longer than {@code muster.rpc.max_frame_bytes}
 * (system property, default 64 MiB) closes the connection.
 *
 * <p>Threads: one selector thread does all socket I/O; handlers run and answers complete on a small worker pool, so
 * neither kernel code nor encoding ever runs on the selector; deadlines are timers, not threads.
 */
@Extension
public final class RpcTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger("agent.rpc");
    static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;

    private final int maxFrameBytes;
    private final Map<String, ServerConnections> servers = new ConcurrentHashMap<>();
    private Reactor reactor;
    private ScheduledExecutorService timer;
    private ExecutorService workers;
    private ServerSocketChannel listener;
    private volatile boolean stopped;

    public RpcTransport() {
        this(Integer.getInteger("muster.rpc.max_frame_bytes", DEFAULT_MAX_FRAME_BYTES));
    }

    RpcTransport(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public String name() {
        return "rpc";
    }

    private synchronized void ensureRunning() throws IOException {
        if (stopped) {
            throw new IOException("the RPC transport is stopped");
        }
        if (reactor == null) {
            reactor = new Reactor("muster-rpc-io");
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("muster-rpc-timer"));
            t.setRemoveOnCancelPolicy(true);
            timer = t;
            workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                    daemon("muster-rpc-worker"));
        }
    }

    @Override
    public synchronized void start(String bindAddress, int port, TransportHandler handler) throws Exception {
        ensureRunning();
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(bindAddress, port), 1024);
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen for RPC on " + bindAddress + ":" + port + ": " + e.getMessage()
                    + "; is another agent using ports.server on this address?", e);
        }
        listener = channel;
        CompletableFuture<Void> registered = new CompletableFuture<>();
        reactor.execute(() -> {
            try {
                reactor.register(channel, SelectionKey.OP_ACCEPT, new Acceptor(channel, handler));
                registered.complete(null);
            } catch (IOException e) {
                registered.completeExceptionally(e);
            }
        });
        registered.get(10, TimeUnit.SECONDS);
        log.info("rpc: serving forwarded calls on {}", channel.getLocalAddress());
    }

    /** The bound port (tests bind port 0). */
    int boundPort() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    @Override
    public CompletionStage<byte[]> call(String address, String endpoint, byte[] request, Duration deadline) {
        try {
            ensureRunning();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new TransportException(e.getMessage(), false, e));
        }
        ServerConnections to = servers.computeIfAbsent(address,
                a -> new ServerConnections(a, reactor, timer, workers, maxFrameBytes));
        return to.call(endpoint, request, deadline);
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        servers.values().forEach(ServerConnections::stop);
        if (reactor != null) {
            reactor.stop();
            timer.shutdownNow();
            workers.shutdown();
        }
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                log.debug("rpc: closing the listener: {}", e.toString());
            }
        }
    }

    /** Accepts callers and answers their requests through the kernel's handler. */
    private final class Acceptor implements Reactor.Ready, Connection.Listener {
        private final ServerSocketChannel channel;
        private final TransportHandler handler;

        Acceptor(ServerSocketChannel channel, TransportHandler handler) {
            this.channel = channel;
            this.handler = handler;
        }

        @Override
        public void ready(SelectionKey key) {
            SocketChannel accepted;
            try {
                while ((accepted = channel.accept()) != null) {
                    try {
                        Connection c = Connection.accepted(reactor, accepted, maxFrameBytes, this);
                        log.debug("rpc: connection from {}", c.peer());
                    } catch (IOException e) {
                        log.warn("rpc: could not set up an accepted connection: {}", e.toString());
                        accepted.close();
                    }
                }
            } catch (IOException e) {
                log.warn("rpc: accept on {} failed: {}", channel, e.toString());
            }
        }

        @Override
        public void onFrame(Connection connection, Frame frame) {
            if (frame.type() != Frame.REQUEST) {
                log.warn("rpc: {} sent a frame of type {} where a request belongs; closing", connection.peer(), frame.type());
                connection.closeLater(new ProtocolException("unexpected frame type " + frame.type()), false);
                return;
            }
            workers.execute(() -> answer(connection, frame));
        }

        private void answer(Connection connection, Frame request) {
            CompletionStage<byte[]> answer;
            try {
                answer = handler.handle(request.endpoint(), request.payload());
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((bytes, error) -> {
                if (connection.isClosed()) {
                    return; // the caller went away; its call already failed on its side
                }
                if (error == null && bytes != null) {
                    connection.send(Frame.response(request.callId(), bytes), () -> { });
                } else {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    String message = cause == null ? "the handler answered nothing" : String.valueOf(cause.getMessage());
                    connection.send(Frame.error(request.callId(), message), () -> { });
                }
            });
        }

        @Override
        public void onClosed(Connection connection, IOException cause, boolean connectFailed) {
            log.debug("rpc: connection from {} closed", connection.peer());
        }

        @Override
        public void shutdown() {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("rpc: closing the listener: {}", e.toString());
            }
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
