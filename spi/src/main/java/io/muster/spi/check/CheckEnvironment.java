package io.muster.spi.check;

import io.muster.spi.api.Endpoints;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** What the kernel gives a check type: policy switches, endpoints (for alias checks) and executors. */
public interface CheckEnvironment {
    /** {@code enable_script_checks}: script checks may be registered through the HTTP API and config. */
    boolean scriptChecksEnabled();

    /** {@code enable_local_script_checks}: script checks may be defined in config files only. */
    boolean localScriptChecksEnabled();

    String nodeName();

    Endpoints endpoints();

    /** Timers; tasks must not block. */
    ScheduledExecutorService scheduler();

    /** For probes that must block (process waits); bounded, so a probe must honour its timeout. */
    Executor blockingExecutor();
}
