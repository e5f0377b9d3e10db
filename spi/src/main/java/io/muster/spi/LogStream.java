package io.muster.spi;

/** Live access to the agent's log lines (for {@code /v1/agent/monitor} and {@code muster monitor}). */
public interface LogStream {
    /** Delivers each formatted line at or above {@code level} (trace, debug, info, warn, error) until closed. */
    AutoCloseable subscribe(String level, java.util.function.Consumer<String> lines);
}
