package io.muster.kernel;

import io.muster.kernel.config.ConfigException;
import io.muster.kernel.config.ConfigLoader;
import io.muster.kernel.config.LoadedConfig;
import io.muster.kernel.lifecycle.DataDirException;
import io.muster.kernel.log.LogBroadcaster;
import io.muster.kernel.log.Logging;
import io.muster.kernel.host.PluginLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/agent} (and {@code muster agent}): parses flags and config, starts the agent, and runs until SIGTERM
 * or SIGINT (graceful leave as {@code leave_on_terminate}/{@code skip_leave_on_interrupt} say) or SIGHUP (reload).
 * Exit codes: 0 clean stop, 1 configuration or start-up error.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] argv) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        if (!args.isEmpty() && args.get(0).equals("agent")) {
            args.remove(0);
        }
        System.exit(run(args));
    }

    static int run(List<String> args) {
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(args);
        } catch (ConfigException e) {
            if (e.helpRequested()) {
                System.out.println(e.getMessage());
                return 0;
            }
            System.err.println("==> " + e.getMessage());
            return 1;
        }
        var config = loaded.config();
        LogBroadcaster logs;
        try {
            logs = Logging.configure(config.logLevel(), config.logJson(),
                    config.logFile() == null ? null : Path.of(config.logFile()), config.enableSyslog(),
                    config.syslogFacility());
        } catch (IllegalArgumentException e) {
            System.err.println("==> " + e.getMessage());
            return 1;
        }
        Logger log = LoggerFactory.getLogger("agent");
        loaded.warnings().forEach(w -> log.warn("{}", w));

        Path home = Path.of(System.getProperty("muster.home", "."));
        System.out.println("==> Starting Muster agent...");
        AgentRuntime runtime;
        try {
            runtime = AgentRuntime.start(loaded, home.resolve("plugins"), logs);
        } catch (PluginLoadException | DataDirException | StartupException e) {
            log.error("{}", e.getMessage());
            System.err.println("==> Error starting agent: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            log.error("agent failed to start", e);
            System.err.println("==> Error starting agent: " + e);
            return 1;
        }
        printBanner(runtime, loaded.tree());

        CountDownLatch stopped = new CountDownLatch(1);
        Signal.handle(new Signal("HUP"), s -> runtime.reloadAsync());
        Signal.handle(new Signal("TERM"), s -> stopInBackground(runtime, !config.leaveOnTerminate(), stopped));
        Signal.handle(new Signal("INT"), s -> stopInBackground(runtime, config.skipLeaveOnInterrupt(), stopped));
        // /v1/agent/leave is a graceful leave whatever the signal settings say: skipLeave is false.
        runtime.onLeaveRequested(() -> stopInBackground(runtime, false, stopped));
        java.util.concurrent.atomic.AtomicInteger exitCode = new java.util.concurrent.atomic.AtomicInteger();
        runtime.onFatalError(() -> {
            exitCode.set(1);
            stopInBackground(runtime, false, stopped);
        });
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("shutdown complete");
        return exitCode.get();
    }

    /** Signal handlers must return quickly: the shutdown itself runs on its own thread, once. */
    private static void stopInBackground(AgentRuntime runtime, boolean skipLeave, CountDownLatch stopped) {
        if (stopped.getCount() == 0 || !runtime.beginShutdown()) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                runtime.shutdown(!skipLeave);
            } finally {
                stopped.countDown();
            }
        }, "shutdown");
        t.start();
    }

    private static void printBanner(AgentRuntime runtime, io.muster.spi.ConfigView tree) {
        var c = runtime.config();
        System.out.println("==> Muster agent running!");
        System.out.printf("           Version: '%s'%n", Version.MUSTER);
        System.out.printf("           Node ID: '%s'%n", runtime.nodeId());
        System.out.printf("         Node name: '%s'%n", c.nodeName());
        System.out.printf("        Datacenter: '%s' (Segment: '')%n", c.datacenter());
        System.out.printf("            Server: %s (Bootstrap: %s)%n", c.server(), c.bootstrap() || c.dev());
        System.out.printf("       Client Addr: %s (HTTP: %d, HTTPS: %d, gRPC: %d, DNS: %d)%n", c.clientAddrs(),
                c.ports().http(), c.ports().https(), c.ports().grpc(), c.ports().dns());
        System.out.printf("      Cluster Addr: %s (LAN: %d, WAN: %d)%n", runtime.advertiseAddress(), c.ports().serfLan(),
                c.ports().serfWan());
        // Consul's wording (0.8 banner, as the seeds show); TLS flags from the tls block or the legacy keys.
        boolean tlsOut = tree.bool("tls.defaults.verify_outgoing", tree.bool("verify_outgoing", false));
        boolean tlsIn = tree.bool("tls.defaults.verify_incoming", tree.bool("verify_incoming", false));
        System.out.printf("    Gossip encrypt: %s, RPC-TLS: %s, TLS-Incoming: %s%n",
                c.encrypt() != null && !c.encrypt().isEmpty(), tlsOut, tlsIn);
        System.out.printf("           Plugins: %s%n", runtime.pluginSummary());
        System.out.println();
        System.out.println("==> Log data will now stream in as it occurs:");
        System.out.println();
        System.out.flush();
    }
}
