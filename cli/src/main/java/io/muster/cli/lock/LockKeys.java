package io.muster.cli.lock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Key paths and blocking-query waits shared by the lock and the semaphore. */
final class LockKeys {
    private LockKeys() {
    }

    /** Go's path.Join for a prefix and a name: no doubled or trailing slashes. */
    static String join(String prefix, String name) {
        String base = prefix;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        while (base.startsWith("/")) {
            base = base.substring(1);
        }
        return base.isEmpty() ? name : base + "/" + name;
    }

    /** The ?wait= of the next blocking read: at most max, never past the deadline (at least 1 s). */
    static String waitSeconds(Clock clock, Instant deadline, Duration max) {
        Duration wait = max;
        if (deadline != null) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.compareTo(wait) < 0) {
                wait = left;
            }
        }
        return Math.max(1, wait.toSeconds()) + "s";
    }
}
