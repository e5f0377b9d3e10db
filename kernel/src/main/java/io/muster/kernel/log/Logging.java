package io.muster.kernel.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.net.SyslogAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Configures logback in code (no XML parsing at start-up) the way Consul's agent logs: hclog-style lines
 * {@code 2026-01-01T10:00:00.000Z [INFO]  agent: message}, or one JSON object per line with {@code -log-json};
 * optionally to a file ({@code -log-file}) and to syslog ({@code -syslog}).
 */
public final class Logging {
    private Logging() {
    }

    /** Consul's levels: trace, debug, info, warn, err (error accepted too). */
    public static Level parseLevel(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARN;
            case "err", "error" -> Level.ERROR;
            default -> throw new IllegalArgumentException("invalid log level \"" + level
                    + "\": expected one of trace, debug, info, warn, err");
        };
    }

    /**
     * Replaces logback's configuration. Returns the broadcaster that {@code /v1/agent/monitor} subscribes to; a
     * subscriber may ask for a finer level than the console's and gets it, while the console keeps its own.
     */
    public static LogBroadcaster configure(String level, boolean json, Path logFile, boolean syslog, String syslogFacility) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Level threshold = parseLevel(level);
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(threshold);
        // Chatty third-party libraries stay at warn unless the operator asks for trace.
        for (String noisy : new String[] {"org.pf4j", "io.undertow", "org.xnio", "org.jboss", "org.xbill"}) {
            ctx.getLogger(noisy).setLevel(threshold == Level.TRACE ? Level.TRACE : Level.WARN);
        }

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("console");
        console.setEncoder(encoder(ctx, json));
        attach(root, console, threshold);

        if (logFile != null) {
            Path file = Files.isDirectory(logFile) || logFile.toString().endsWith("/")
                    ? logFile.resolve("muster-" + Instant.now().toEpochMilli() + ".log") : logFile;
            FileAppender<ILoggingEvent> fileAppender = new FileAppender<>();
            fileAppender.setContext(ctx);
            fileAppender.setName("file");
            fileAppender.setFile(file.toString());
            fileAppender.setAppend(true);
            fileAppender.setEncoder(encoder(ctx, json));
            attach(root, fileAppender, threshold);
        }
        if (syslog) {
            SyslogAppender sys = new SyslogAppender();
            sys.setContext(ctx);
            sys.setName("syslog");
            sys.setSyslogHost("localhost");
            sys.setFacility(syslogFacility == null || syslogFacility.isEmpty() ? "LOCAL0" : syslogFacility.toUpperCase(Locale.ROOT));
            sys.setSuffixPattern("muster[%thread]: [%level] %logger: %msg");
            attach(root, sys, threshold);
        }
        HclogLayout monitorLayout = new HclogLayout(false);
        monitorLayout.setContext(ctx);
        monitorLayout.start();
        LogBroadcaster broadcaster = new LogBroadcaster(monitorLayout, root, threshold);
        broadcaster.setContext(ctx);
        broadcaster.start();
        root.addAppender(broadcaster);
        return broadcaster;
    }

    private static void attach(Logger root, Appender<ILoggingEvent> appender, Level threshold) {
        ch.qos.logback.classic.filter.ThresholdFilter filter = new ch.qos.logback.classic.filter.ThresholdFilter();
        filter.setLevel(threshold.toString());
        filter.start();
        appender.addFilter(filter);
        appender.start();
        root.addAppender(appender);
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext ctx, boolean json) {
        HclogLayout layout = new HclogLayout(json);
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /** Consul's hclog line format, or hclog's JSON format. */
    static final class HclogLayout extends LayoutBase<ILoggingEvent> {
        private final boolean json;

        HclogLayout(boolean json) {
            this.json = json;
        }

        @Override
        public String doLayout(ILoggingEvent e) {
            String time = Instant.ofEpochMilli(e.getTimeStamp()).toString();
            String level = hclogLevel(e.getLevel());
            String message = e.getFormattedMessage();
            if (e.getThrowableProxy() != null) {
                message = message + ": " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage();
            }
            if (json) {
                return "{\"@level\":\"" + level.toLowerCase(Locale.ROOT) + "\",\"@message\":" + quote(message)
                        + ",\"@module\":" + quote(e.getLoggerName()) + ",\"@timestamp\":\"" + time + "\"}\n";
            }
            String tag = "[" + level + "]";
            return time + " " + String.format("%-7s", tag) + " " + e.getLoggerName() + ": " + message + "\n";
        }

        private static String hclogLevel(Level level) {
            return switch (level.toInt()) {
                case Level.TRACE_INT -> "TRACE";
                case Level.DEBUG_INT -> "DEBUG";
                case Level.INFO_INT -> "INFO";
                case Level.WARN_INT -> "WARN";
                default -> "ERROR";
            };
        }

        static String quote(String s) {
            StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }
    }

}
