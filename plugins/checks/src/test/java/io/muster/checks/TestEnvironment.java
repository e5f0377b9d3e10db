package io.muster.checks;

import io.muster.spi.api.Endpoints;
import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.model.CheckDefinition;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A real scheduler and blocking pool, as the kernel provides, with switchable script policy. */
final class TestEnvironment implements CheckEnvironment, AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final boolean scripts;
    private final boolean localScripts;
    private final Endpoints endpoints;

    TestEnvironment(boolean scripts, boolean localScripts, Endpoints endpoints) {
        this.scripts = scripts;
        this.localScripts = localScripts;
        this.endpoints = endpoints;
    }

    TestEnvironment() {
        this(true, true, null);
    }

    static CheckDefinition check(String id, Duration interval, Duration timeout, Map<String, Object> options) {
        return new CheckDefinition(id, id, "", "", null, interval, timeout, null, null, 0, 0, 0, options);
    }

    @Override
    public boolean scriptChecksEnabled() {
        return scripts;
    }

    @Override
    public boolean localScriptChecksEnabled() {
        return localScripts;
    }

    @Override
    public String nodeName() {
        return "node-a";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public ExecutorService blockingExecutor() {
        return blocking;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        blocking.shutdownNow();
    }
}
