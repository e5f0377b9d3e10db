package io.muster.dns;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * DNS over TCP (RFC 1035 4.2.2 / RFC 7766): one selector thread per address, messages framed by a two-byte
 * length, several queries per connection, answers queued from whichever thread completes them. Idle connections
 * close after {@link #IDLE_TIMEOUT_MILLIS}; beyond {@link #MAX_CONNECTIONS} new connections are closed at once.
 */
final class TcpListener implements Closeable {
    static final long IDLE_TIMEOUT_MILLIS = 10_000;
    static final int MAX_CONNECTIONS = 1024;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final DnsRequestHandler handler;
    private final DebugLog debugLog;
    private final Queue<Connection> wantWrite = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();
    private final Thread thread;
    private volatile boolean open = true;

    private TcpListener(ServerSocketChannel server, Selector selector, DnsRequestHandler handler, DebugLog debugLog) {
        this.server = server;
        this.selector = selector;
        this.handler = handler;
        this.debugLog = debugLog;
        this.thread = new Thread(this::run, "muster-dns-tcp-" + server.socket().getLocalSocketAddress());
        this.thread.setDaemon(true);
    }

    static TcpListener open(InetSocketAddress address, DnsRequestHandler handler, DebugLog debugLog) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.bind(address, 128);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        TcpListener listener = new TcpListener(server, selector, handler, debugLog);
        listener.thread.start();
        return listener;
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    private void run() {
        try {
            while (open) {
                selector.select(1000);
                Connection pending;
                while ((pending = wantWrite.poll()) != null) {
                    pending.enableWrite();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            accept();
                        } else {
                            Connection c = (Connection) key.attachment();
                            if (key.isReadable()) {
                                c.read();
                            }
                            if (key.isValid() && key.isWritable()) {
                                c.write();
                            }
                        }
                    } catch (IOException | CancelledKeyException e) {
                        if (key.attachment() instanceof Connection c) {
                            c.close();
                        }
                        debugLog.log("dns: tcp connection dropped: {}", e.toString());
                    }
                }
                closeIdle(System.nanoTime());
            }
        } catch (ClosedSelectorException e) {
            // closed by close()
        } catch (IOException | RuntimeException e) {
            if (open) {
                org.slf4j.LoggerFactory.getLogger(TcpListener.class).error("dns: tcp listener on {} stopped: {}",
                        server.socket().getLocalSocketAddress(), e.toString(), e);
            }
        } finally {
            connections.forEach(Connection::close);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            if (connections.size() >= MAX_CONNECTIONS) {
                debugLog.log("dns: tcp connection from {} refused: {} connections open", channel.getRemoteAddress(),
                        connections.size());
                channel.close();
                continue;
            }
            channel.configureBlocking(false);
            Connection c = new Connection(channel);
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
            connections.add(c);
        }
    }

    private void closeIdle(long now) {
        connections.removeIf(c -> {
            if (c.closed) {
                return true;
            }
            if (c.inFlight == 0 && c.out.isEmpty() && now - c.lastActive > IDLE_TIMEOUT_MILLIS * 1_000_000) {
                c.close();
                return true;
            }
            return false;
        });
    }

    /** State of one client connection; touched by the selector thread except {@link #out} and {@link #inFlight}. */
    private final class Connection {
        final SocketChannel channel;
        final ByteBuffer length = ByteBuffer.allocate(2);
        final Queue<ByteBuffer> out = new ConcurrentLinkedQueue<>();
        SelectionKey key;
        ByteBuffer body;
        long lastActive = System.nanoTime();
        volatile int inFlight;
        volatile boolean closed;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void read() throws IOException {
            while (true) {
                ByteBuffer target = body == null ? length : body;
                int n = channel.read(target);
                if (n < 0) {
                    close();
                    return;
                }
                if (n == 0) {
                    return;
                }
                lastActive = System.nanoTime();
                if (target.hasRemaining()) {
                    continue;
                }
                if (body == null) {
                    int size = ((length.get(0) & 0xFF) << 8) | (length.get(1) & 0xFF);
                    if (size == 0) {
                        close();
                        return;
                    }
                    body = ByteBuffer.allocate(size);
                } else {
                    byte[] packet = body.array();
                    body = null;
                    length.clear();
                    dispatch(packet);
                }
            }
        }

        private void dispatch(byte[] packet) {
            synchronized (this) {
                inFlight++;
            }
            try {
                handler.handle(packet, DnsRequestHandler.Transport.TCP).whenComplete((answer, failure) -> {
                    synchronized (this) {
                        inFlight--;
                    }
                    if (answer != null) {
                        enqueue(answer);
                    }
                });
            } catch (RuntimeException e) {
                synchronized (this) {
                    inFlight--;
                }
                debugLog.log("dns: tcp query failed: {}", e.toString());
            }
        }

        void enqueue(byte[] answer) {
            if (closed || answer.length > 65535) {
                return;
            }
            ByteBuffer frame = ByteBuffer.allocate(answer.length + 2);
            frame.put((byte) (answer.length >>> 8)).put((byte) answer.length).put(answer).flip();
            out.add(frame);
            if (Thread.currentThread() == thread) {
                enableWrite();
            } else {
                wantWrite.add(this);
                selector.wakeup();
            }
        }

        void enableWrite() {
            if (!closed && key.isValid()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void write() throws IOException {
            ByteBuffer frame;
            while ((frame = out.peek()) != null) {
                channel.write(frame);
                if (frame.hasRemaining()) {
                    return;
                }
                out.poll();
                lastActive = System.nanoTime();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        void close() {
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                debugLog.log("dns: closing a tcp connection failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
        server.close();
    }
}
