package io.muster.kernel.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Layout;
import io.muster.spi.LogStream;

import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A logback appender that hands formatted lines to live subscribers ({@code /v1/agent/monitor}). Subscribers
 * must not block: they run on the logging thread.
 */
public final class LogBroadcaster extends AppenderBase<ILoggingEvent> implements LogStream {
    private record Subscriber(Level level, Consumer<String> lines) {
    }

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Layout<ILoggingEvent> layout;
    private final ch.qos.logback.classic.Logger root;
    private volatile Level configured;

    /**
     * {@code root} runs at the operator's level; while a subscriber wants finer lines it is lowered to that
     * level, so that debug logging costs nothing when nobody watches.
     */
    public LogBroadcaster(Layout<ILoggingEvent> layout, ch.qos.logback.classic.Logger root, Level configured) {
        this.layout = layout;
        this.root = root;
        this.configured = configured;
        setName("monitor");
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (subscribers.isEmpty()) {
            return;
        }
        String line = null;
        for (Subscriber s : subscribers) {
            if (event.getLevel().isGreaterOrEqual(s.level())) {
                if (line == null) {
                    line = layout.doLayout(event);
                }
                s.lines().accept(line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
            }
        }
    }

    @Override
    public AutoCloseable subscribe(String level, Consumer<String> lines) {
        Subscriber s = new Subscriber(Logging.parseLevel(level == null ? "info" : level.toLowerCase(Locale.ROOT)), lines);
        subscribers.add(s);
        adjustRootLevel();
        return () -> {
            subscribers.remove(s);
            adjustRootLevel();
        };
    }

    /** Changes the operator's level (on reload); subscribers keep theirs. */
    public void setConfiguredLevel(String level) {
        configured = Logging.parseLevel(level);
        adjustRootLevel();
    }

    private synchronized void adjustRootLevel() {
        Level finest = configured;
        for (Subscriber s : subscribers) {
            if (!s.level().isGreaterOrEqual(finest)) {
                finest = s.level();
            }
        }
        root.setLevel(finest);
    }
}
