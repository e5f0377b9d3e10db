package io.muster.dns;

import io.muster.spi.AgentContext;
import io.muster.spi.Frontend;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Consul's DNS interface: UDP and TCP listeners on every address of {@code addresses.dns} (default
 * {@code client_addr}) at {@code ports.dns} (8600; -1 disables it), answering from the kernel's endpoints.
 * Port 0 picks a free port, the same for UDP and TCP (tests use it; see {@link #port()}).
 */
@Extension
public final class DnsFrontend implements Frontend {
    private static final Logger LOG = LoggerFactory.getLogger(DnsFrontend.class);
    /** How long a query may wait for the endpoints before it is answered SERVFAIL. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    private static final int EPHEMERAL_BIND_ATTEMPTS = 10;

    private final List<Closeable> listeners = new ArrayList<>();
    private volatile int port = -1;

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public synchronized void start(AgentContext context) throws Exception {
        DnsConfig config = DnsConfig.from(context.config(), context.datacenter());
        if (config.port() < 0) {
            LOG.info("dns: disabled (ports.dns is {})", config.port());
            return;
        }
        DebugLog debugLog = new DebugLog(LOG, Clock.systemUTC(), Duration.ofSeconds(1));
        ConsulZone zone = new ConsulZone(config, context.endpoints(), Clock.systemUTC(), new Random());
        Recursor recursor = new Recursor(config.recursors(), config.recursorTimeout(), debugLog);
        DnsRequestHandler handler = new DnsRequestHandler(config, zone, recursor, debugLog, ANSWER_TIMEOUT);
        int bound = config.port();
        try {
            for (String address : config.bindAddresses()) {
                bound = bind(address, bound, handler, debugLog);
            }
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
        port = bound;
        LOG.info("dns: serving {} (alt {}) on {} port {} udp+tcp, recursors {}", config.domain(),
                config.altDomain().isEmpty() ? "none" : config.altDomain(), config.bindAddresses(), bound,
                config.recursors().isEmpty() ? "none" : config.recursors());
    }

    /** The bound port, or -1 when not serving. */
    public int port() {
        return port;
    }

    private int bind(String host, int wantedPort, DnsRequestHandler handler, DebugLog debugLog) throws IOException {
        InetAddress ip = IpLiteral.parse(host).orElseThrow(() -> new IllegalArgumentException(
                "config key addresses.dns: \"" + host + "\" is not an IP address"));
        int attempts = wantedPort == 0 ? EPHEMERAL_BIND_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            UdpListener udp = open("udp", ip, wantedPort, () -> UdpListener.open(new InetSocketAddress(ip, wantedPort), handler, debugLog));
            int actual = udp.localAddress().getPort();
            try {
                TcpListener tcp = open("tcp", ip, actual, () -> TcpListener.open(new InetSocketAddress(ip, actual), handler, debugLog));
                listeners.add(udp);
                listeners.add(tcp);
                return actual;
            } catch (IOException e) {
                udp.close();
                if (attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    private interface Opener<T> {
        T open() throws IOException;
    }

    private static <T> T open(String protocol, InetAddress ip, int port, Opener<T> opener) throws IOException {
        try {
            return opener.open();
        } catch (IOException e) {
            String where = protocol + " " + new InetSocketAddress(ip, port).getHostString() + ":" + port;
            String hint = e instanceof BindException
                    ? ": the port is in use or not permitted; stop the other process, or set ports.dns to a free port (-1 disables DNS)"
                    : "";
            throw new IOException("dns: cannot listen on " + where + ": " + e.getMessage() + hint, e);
        }
    }

    @Override
    public synchronized void stop() {
        for (Closeable listener : listeners) {
            try {
                listener.close();
            } catch (IOException e) {
                LOG.warn("dns: closing a listener failed: {}", e.toString());
            }
        }
        listeners.clear();
        port = -1;
    }
}
