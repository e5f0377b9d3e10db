package io.muster.dns;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;

/**
 * Per-packet problems (malformed queries, failed sends) logged at DEBUG at most once per interval, with the
 * number suppressed since, so that a flood of bad packets cannot flood the log or slow a listener.
 */
final class DebugLog {
    private final Logger logger;
    private final Clock clock;
    private final long intervalMillis;
    private long nextAllowedMillis;
    private long suppressed;

    DebugLog(Logger logger, Clock clock, Duration interval) {
        this.logger = logger;
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /** Logs when the interval has passed since the last logged message; returns whether it logged. */
    synchronized boolean log(String format, Object... args) {
        if (!logger.isDebugEnabled()) {
            return false;
        }
        long now = clock.millis();
        if (now < nextAllowedMillis) {
            suppressed++;
            return false;
        }
        nextAllowedMillis = now + intervalMillis;
        if (suppressed > 0) {
            logger.debug("({} similar messages suppressed)", suppressed);
            suppressed = 0;
        }
        logger.debug(format, args);
        return true;
    }
}
