package io.muster.spi;

import io.muster.spi.api.Endpoints;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** What the kernel hands a frontend: configuration, endpoints, shared executors and other extensions. */
public interface AgentContext {
    ConfigView config();

    Endpoints endpoints();

    String nodeName();

    String datacenter();

    /** The agent's data dir; empty for {@code -dev} agents that keep everything in memory. */
    Optional<Path> dataDir();

    /** Every {@link WebAssets} extension the loaded plugins provide. */
    List<WebAssets> webAssets();

    /** A small shared scheduler for timers; tasks must not block. */
    ScheduledExecutorService scheduler();

    /** The agent's log stream, for {@code /v1/agent/monitor}. */
    LogStream logs();
}
