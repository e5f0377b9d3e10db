package io.muster.http.server;

import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes lines that arrive on any thread to a response channel without blocking: lines are queued and drained on
 * the exchange's I/O thread; a slow client gets lines dropped past {@link #MAX_QUEUED} (Consul's monitor drops
 * too) instead of growing memory.
 */
final class LineStreamer {
    static final int MAX_QUEUED = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(LineStreamer.class);

    private final HttpServerExchange exchange;
    private final StreamSinkChannel channel;
    private final Queue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AutoCloseable subscription;
    private ByteBuffer current;

    LineStreamer(HttpServerExchange exchange) {
        this.exchange = exchange;
        this.channel = exchange.getResponseChannel();
    }

    void start(AutoCloseable subscription) {
        this.subscription = subscription;
        exchange.getConnection().addCloseListener(connection -> close());
        channel.getWriteSetter().set(c -> drain());
        // Send the headers now, as Consul flushes them before the first log line.
        scheduleDrain();
    }

    void offer(String line) {
        if (closed.get()) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            return;
        }
        queue.add(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            exchange.getIoThread().execute(() -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    private void drain() {
        if (closed.get()) {
            return;
        }
        try {
            while (true) {
                if (current == null) {
                    current = queue.poll();
                    if (current == null) {
                        break;
                    }
                    queued.decrementAndGet();
                }
                channel.write(current);
                if (current.hasRemaining()) {
                    channel.resumeWrites();
                    return;
                }
                current = null;
            }
            if (!channel.flush()) {
                channel.resumeWrites();
                return;
            }
            channel.suspendWrites();
        } catch (IOException e) {
            LOG.debug("monitor client went away: {}", e.toString());
            close();
        }
    }

    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        AutoCloseable s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.warn("closing the log subscription of /v1/agent/monitor failed: {}", e.toString());
            }
        }
        IoUtils.safeClose(channel);
    }
}
