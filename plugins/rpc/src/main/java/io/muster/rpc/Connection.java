package io.muster.rpc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One TCP connection, caller or server side. Any thread may {@link #send}; reading, writing and closing happen on
 * the reactor thread. Frames are written whole and in order; the socket is never blocked on.
 */
final class Connection implements Reactor.Ready {
    private static final Logger log = LoggerFactory.getLogger("agent.rpc");

    /** What the owner hears; called on the reactor thread and must not block. */
    interface Listener {
        void onFrame(Connection connection, Frame frame);

        /** {@code connectFailed}: the connection never opened, so nothing sent on it reached the peer. */
        void onClosed(Connection connection, IOException cause, boolean connectFailed);
    }

    /** A frame queued for the socket; {@code onWrite} runs once its first byte is handed to the kernel. */
    private record Outgoing(ByteBuffer bytes, Runnable onWrite) {
    }

    private final Reactor reactor;
    private final SocketChannel channel;
    private final Listener listener;
    private final FrameDecoder decoder;
    private final String peer;
    private final Queue<Outgoing> submitted = new ConcurrentLinkedQueue<>();
    private final Deque<Outgoing> writing = new ArrayDeque<>();
    private SelectionKey key;
    private volatile boolean connected;
    private volatile boolean closed;

    private Connection(Reactor reactor, SocketChannel channel, Listener listener, FrameDecoder decoder, String peer,
                       boolean connected) {
        this.reactor = reactor;
        this.channel = channel;
        this.listener = listener;
        this.decoder = decoder;
        this.peer = peer;
        this.connected = connected;
    }

    /** A caller's connection: the magic goes first, then whatever is sent before the connect completes. */
    static Connection connect(Reactor reactor, InetSocketAddress address, String peer, int maxFrameBytes,
                              Listener listener) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            configure(channel);
            boolean done = channel.connect(address);
            Connection c = new Connection(reactor, channel, listener, new FrameDecoder(maxFrameBytes, false), peer, done);
            c.writing.add(new Outgoing(ByteBuffer.wrap(FrameDecoder.MAGIC), () -> { }));
            reactor.execute(() -> c.register(done ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT));
            return c;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A server's side of an accepted connection (called on the reactor thread). */
    static Connection accepted(Reactor reactor, SocketChannel channel, int maxFrameBytes, Listener listener)
            throws IOException {
        configure(channel);
        String peer = String.valueOf(channel.getRemoteAddress());
        Connection c = new Connection(reactor, channel, listener, new FrameDecoder(maxFrameBytes, true), peer, true);
        c.register(SelectionKey.OP_READ);
        return c;
    }

    private static void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    }

    private void register(int ops) {
        if (closed) {
            return;
        }
        try {
            key = reactor.register(channel, ops, this);
        } catch (IOException e) {
            close(e, !connected);
        }
    }

    String peer() {
        return peer;
    }

    boolean isConnected() {
        return connected;
    }

    boolean isClosed() {
        return closed;
    }

    /** Queues a frame; {@code onWrite} runs (on the reactor) when its first byte goes to the socket. */
    void send(Frame frame, Runnable onWrite) {
        submitted.add(new Outgoing(frame.encode(), onWrite));
        reactor.execute(this::flush);
    }

    /** Closes from any thread; pending work fails through the listener. */
    void closeLater(IOException cause, boolean connectFailed) {
        reactor.execute(() -> close(cause, connectFailed));
    }

    @Override
    public void ready(SelectionKey k) {
        if (k.isConnectable()) {
            try {
                channel.finishConnect();
                connected = true;
                k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            } catch (IOException e) {
                close(e, true);
                return;
            }
        }
        if (k.isValid() && k.isReadable()) {
            read();
        }
        if (k.isValid() && k.isWritable()) {
            flush();
        }
    }

    private void read() {
        try {
            int n;
            while ((n = channel.read(decoder.buffer())) > 0) {
                List<Frame> frames = decoder.drain();
                for (Frame f : frames) {
                    listener.onFrame(this, f);
                }
            }
            if (n < 0) {
                close(null, false);
            }
        } catch (ProtocolException e) {
            log.warn("rpc: closing the connection with {}: {}", peer, e.getMessage());
            close(e, false);
        } catch (IOException e) {
            close(e, false);
        }
    }

    private void flush() {
        if (closed || !connected || key == null) {
            return;
        }
        Outgoing next;
        while ((next = submitted.poll()) != null) {
            writing.add(next);
        }
        try {
            while (!writing.isEmpty()) {
                Outgoing out = writing.peek();
                boolean first = out.bytes.position() == 0;
                int n = channel.write(out.bytes);
                if (first && n > 0) {
                    out.onWrite.run();
                }
                if (out.bytes.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                writing.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            close(e, false);
        }
    }

    private void close(IOException cause, boolean connectFailed) {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("rpc: closing {}: {}", peer, e.toString());
        }
        submitted.clear();
        writing.clear();
        log.debug("rpc: connection with {} closed{}", peer, cause == null ? "" : " (" + cause.getMessage() + ")");
        listener.onClosed(this, cause, connectFailed);
    }

    @Override
    public void shutdown() {
        close(new IOException("the RPC transport is stopping"), !connected);
    }
}
