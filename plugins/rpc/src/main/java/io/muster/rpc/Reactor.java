package io.muster.rpc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** One selector thread for every socket of the transport; other threads hand it work through {@link #execute}. */
final class Reactor {
    private static final Logger log = LoggerFactory.getLogger("agent.rpc");

    /** What a registered channel does when the selector reports it ready. */
    interface Ready {
        void ready(SelectionKey key);

        /** The transport stops: release the channel. */
        void shutdown();
    }

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    Reactor(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    SelectionKey register(SelectableChannel channel, int ops, Ready handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    private void loop() {
        while (running) {
            try {
                selector.select(1000);
            } catch (IOException e) {
                log.warn("rpc: selector failed ({}); retrying", e.toString());
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("rpc: I/O task failed: {}", e.toString(), e);
                }
            }
            for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                if (key.isValid()) {
                    try {
                        ((Ready) key.attachment()).ready(key);
                    } catch (RuntimeException e) {
                        log.warn("rpc: connection handler failed: {}", e.toString(), e);
                    }
                }
            }
        }
        for (SelectionKey key : selector.keys()) {
            ((Ready) key.attachment()).shutdown();
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("rpc: closing the selector: {}", e.toString());
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
