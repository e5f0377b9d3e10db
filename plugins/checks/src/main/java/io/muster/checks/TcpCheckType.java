package io.muster.checks;

import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckResult;
import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;
import org.pf4j.Extension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@code tcp} checks: passing when a TCP connection to host:port opens within the timeout (Consul's CheckTCP). */
@Extension
public class TcpCheckType implements CheckType {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public boolean accepts(CheckDefinition definition) {
        return definition.option("tcp").isPresent();
    }

    @Override
    public void validate(CheckDefinition definition, CheckEnvironment environment, boolean fromLocalConfig) {
        CheckOptions.requireInterval(definition);
        String target = CheckOptions.string(definition, "tcp").orElse("");
        HostPort.parse(target, CheckOptions.describe(definition));
    }

    @Override
    public CheckProbe create(CheckDefinition definition, CheckEnvironment environment) {
        String target = CheckOptions.string(definition, "tcp").orElseThrow();
        HostPort hostPort = HostPort.parse(target, CheckOptions.describe(definition));
        Duration timeout = CheckOptions.timeout(definition, DEFAULT_TIMEOUT);
        String prefix = "TCP connect " + target;
        return () -> {
            CompletableFuture<CheckResult> result = new CompletableFuture<>();
            // Name resolution can block, so it runs on the blocking executor; the connect itself is asynchronous.
            CompletableFuture.supplyAsync(() -> new InetSocketAddress(hostPort.host(), hostPort.port()),
                    environment.blockingExecutor()).whenComplete((address, resolveError) -> {
                if (resolveError != null) {
                    result.complete(CheckResult.critical(prefix + ": " + resolveError.getMessage()));
                } else if (address.isUnresolved()) {
                    result.complete(CheckResult.critical(prefix + ": lookup " + hostPort.host() + ": no such host"));
                } else {
                    connect(address, timeout, prefix, environment, result);
                }
            });
            return result;
        };
    }

    private static void connect(InetSocketAddress address, Duration timeout, String prefix, CheckEnvironment environment,
                                CompletableFuture<CheckResult> result) {
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open();
        } catch (IOException e) {
            result.complete(CheckResult.critical(prefix + ": cannot open a socket: " + e.getMessage()));
            return;
        }
        ScheduledFuture<?> timer = environment.scheduler().schedule(() -> {
            if (result.complete(CheckResult.critical(prefix + ": i/o timeout after " + CheckOptions.describeDuration(timeout)))) {
                closeQuietly(channel, result);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        channel.connect(address, null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void ignored, Void attachment) {
                timer.cancel(false);
                result.complete(CheckResult.passing(prefix + ": Success"));
                closeQuietly(channel, result);
            }

            @Override
            public void failed(Throwable error, Void attachment) {
                timer.cancel(false);
                String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
                result.complete(CheckResult.critical(prefix + ": " + message));
                closeQuietly(channel, result);
            }
        });
    }

    private static void closeQuietly(AsynchronousSocketChannel channel, CompletableFuture<CheckResult> result) {
        try {
            channel.close();
        } catch (IOException e) {
            // The verdict is already recorded; a failing close only matters for the log.
            org.slf4j.LoggerFactory.getLogger(TcpCheckType.class).debug("closing TCP check socket failed: {}", e.toString());
        }
    }

    record HostPort(String host, int port) {
        /** Parses "host:port" or "[v6]:port", as Go's net.SplitHostPort does. */
        static HostPort parse(String target, String where) {
            int colon = target.lastIndexOf(':');
            if (target.isEmpty() || colon <= 0 || colon == target.length() - 1) {
                throw new IllegalArgumentException(where + ": tcp \"" + target + "\" must be host:port, e.g. 127.0.0.1:22");
            }
            String host = target.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(target.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": tcp \"" + target + "\" has an invalid port", e);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(where + ": tcp \"" + target + "\" port must be between 1 and 65535");
            }
            return new HostPort(host, port);
        }
    }
}
