package io.muster.cli.lock;

import java.util.concurrent.ThreadFactory;

/** Names threads and marks them daemon so they never keep the CLI alive. */
final class DaemonThreads implements ThreadFactory {
    private final String name;

    DaemonThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
