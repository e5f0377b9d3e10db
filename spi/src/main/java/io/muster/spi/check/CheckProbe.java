package io.muster.spi.check;

import java.util.concurrent.CompletionStage;

/**
 * A created check of one type. The kernel's scheduler calls {@link #run()} every interval (never twice at
 * once for one probe) and applies thresholds; the probe must not block the calling thread: do I/O
 * asynchronously or on {@link CheckEnvironment#blockingExecutor()}, and complete within the check's timeout
 * (the kernel reports a probe that overruns it as critical).
 */
public interface CheckProbe extends AutoCloseable {
    CompletionStage<CheckResult> run();

    /** Releases the probe's resources; the default does nothing. */
    @Override
    default void close() {
    }
}
