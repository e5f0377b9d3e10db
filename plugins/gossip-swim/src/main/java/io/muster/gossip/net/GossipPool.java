package io.muster.gossip.net;

import io.muster.gossip.coordinate.VivaldiCoordinate;

import io.muster.gossip.crypto.Keyring;
import io.muster.gossip.crypto.PacketSecurity;
import io.muster.gossip.swim.KeyringDelegate;
import io.muster.gossip.swim.KeyringResult;
import io.muster.gossip.swim.Message;
import io.muster.gossip.swim.MessageCodec;
import io.muster.gossip.swim.Outbound;
import io.muster.gossip.swim.Ready;
import io.muster.gossip.swim.SwimConfig;
import io.muster.gossip.swim.SwimState;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.membership.UserEvent;
import io.muster.spi.model.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thin I/O shell around one {@link SwimState} (the LAN or the WAN pool): a UDP socket and a TCP listener
 * on the same address and port, one protocol thread that owns the state machine (every input is handed to
 * it, events are delivered from it), and a small pool for outgoing TCP exchanges so a slow peer never stalls
 * the protocol. TCP frames are {@code length(4) | sealed bytes}, one request and one reply per connection.
 */
public final class GossipPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GossipPool.class);
    private static final int MAX_FRAME = 32 << 20;
    private static final long WARN_EVERY_MS = 10_000;

    /** Receives what the pool produced; called on the pool's protocol thread, must not block. */
    public interface Events {
        void onMemberEvent(MemberEvent event);

        void onUserEvent(UserEvent event);
    }

    private final String label;
    private final SwimConfig config;
    private final String nodeName;
    private final InetSocketAddress bind;
    private final String advertise;
    private final Map<String, String> tags;
    private final PacketSecurity security;
    private final KeyringDelegate keyringDelegate;
    private final Events events;
    private final Clock clock;

    private final ScheduledExecutorService protocol;
    private final ExecutorService streams;
    private final Map<String, CompletableFuture<KeyringResult>> keyringWaiters = new ConcurrentHashMap<>();
    private final Map<String, Long> lastWarning = new ConcurrentHashMap<>();
    private SwimState state;
    private DatagramSocket udp;
    private ServerSocket tcp;
    private ScheduledFuture<?> wakeup;
    private long wakeupAt = Long.MAX_VALUE;
    private CompletableFuture<Void> leaving;
    private long leaveDeadline;
    private volatile List<Member> members = List.of();
    private volatile VivaldiCoordinate coordinate;
    private volatile boolean closed;

    public GossipPool(String label, SwimConfig config, String nodeName, InetSocketAddress bind, String advertise,
                      Map<String, String> tags, PacketSecurity security, KeyringDelegate keyringDelegate,
                      Events events, Clock clock) {
        this.label = label;
        this.config = config;
        this.nodeName = nodeName;
        this.bind = bind;
        this.advertise = advertise;
        this.tags = Map.copyOf(tags);
        this.security = security;
        this.keyringDelegate = keyringDelegate;
        this.events = events;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.protocol = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gossip-" + label));
        this.streams = Executors.newCachedThreadPool(r -> daemon(r, "gossip-" + label + "-tcp-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Binds UDP and TCP on the bind address and starts the protocol. */
    public void start() throws IOException {
        try {
            udp = new DatagramSocket(null);
            udp.setReuseAddress(false);
            udp.bind(bind);
            tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(bind);
        } catch (BindException e) {
            close();
            throw new BindException("gossip " + label + ": cannot bind " + bind.getAddress().getHostAddress() + ":"
                    + bind.getPort() + " (UDP and TCP): " + e.getMessage()
                    + "; another agent may be running there, or change bind_addr / ports.serf_" + label);
        }
        Random random = new Random(new SecureRandom().nextLong());
        onProtocol(() -> {
            state = new SwimState(config, nodeName, advertise, tags, random, keyringDelegate, now(), System::nanoTime);
            drain();
        });
        daemon(this::receivePackets, "gossip-" + label + "-udp").start();
        daemon(this::acceptStreams, "gossip-" + label + "-accept").start();
        log.info("gossip {}: {} listening on {}:{} (UDP+TCP), advertising {}{}", label, nodeName,
                bind.getAddress().getHostAddress(), bind.getPort(), advertise, security.encrypted() ? ", encrypted" : "");
    }

    public int port() {
        return udp.getLocalPort();
    }

    public String advertiseAddress() {
        return advertise;
    }

    public List<Member> members() {
        return members;
    }

    /** This node's network coordinate in this pool; empty until the protocol has started. */
    public Optional<VivaldiCoordinate> coordinate() {
        return Optional.ofNullable(coordinate);
    }

    // ---------------------------------------------------------------- commands

    /** Push-pull with each address over TCP; completes with how many answered, or fails if none did. */
    public CompletableFuture<Integer> join(List<String> addresses) {
        CompletableFuture<Message.PushPull> request = new CompletableFuture<>();
        onProtocol(() -> request.complete(state.pushPullRequest(true)));
        List<CompletableFuture<String>> attempts = new ArrayList<>();
        for (String raw : addresses) {
            String address = withDefaultPort(raw.trim(), bind.getPort());
            attempts.add(request.thenApplyAsync(req -> {
                try {
                    Message reply = exchange(address, req);
                    if (reply instanceof Message.Refusal r) {
                        return address + ": " + r.reason();
                    }
                    onProtocol(() -> {
                        state.handle(address, reply, now());
                        drain();
                    });
                    return null;
                } catch (IOException | RuntimeException e) {
                    return address + ": " + e.getMessage();
                }
            }, streams));
        }
        return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            List<String> errors = new ArrayList<>();
            for (CompletableFuture<String> a : attempts) {
                if (a.join() != null) {
                    errors.add(a.join());
                }
            }
            int joined = attempts.size() - errors.size();
            for (String e : errors) {
                log.warn("gossip {}: failed to join {}", label, e);
            }
            if (joined == 0) {
                return CompletableFuture.failedFuture(new IOException("Failed to join any nodes: " + String.join("; ", errors)));
            }
            log.info("gossip {}: joined {} of {} addresses", label, joined, attempts.size());
            return CompletableFuture.completedFuture(joined);
        });
    }

    /** Announces the leave and completes once it was gossiped its full count, or after a bounded wait. */
    public CompletableFuture<Void> leave() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onProtocol(() -> {
            leaving = done;
            leaveDeadline = now() + Math.max(2_000, config.probeIntervalMs() * 5);
            state.leave(now());
            drain();
        });
        return done;
    }

    public CompletableFuture<Void> forceLeave(String node, boolean prune) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onProtocol(() -> {
            if (state.forceLeave(node, prune, now())) {
                done.complete(null);
            } else {
                done.completeExceptionally(new IllegalArgumentException("agent: No node found with name '" + node + "'"));
            }
            drain();
        });
        return done;
    }

    /** @throws IllegalArgumentException when the event is over serf's size limit */
    public void fire(UserEvent event) {
        SwimState.checkUserEventSize(event);
        onProtocol(() -> {
            state.fire(event, now());
            drain();
        });
    }

    public CompletableFuture<KeyringResult> keyring(Message.KeyringOperation operation, String key) {
        CompletableFuture<KeyringResult> result = new CompletableFuture<>();
        onProtocol(() -> {
            keyringWaiters.put(state.startKeyringOperation(operation, key, now()), result);
            drain();
        });
        return result;
    }

    @Override
    public void close() {
        closed = true;
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException e) {
                log.debug("gossip {}: closing the TCP listener: {}", label, e.getMessage());
            }
        }
        protocol.shutdownNow();
        streams.shutdownNow();
        if (leaving != null) {
            leaving.complete(null);
        }
    }

    // ---------------------------------------------------------------- protocol thread

    private long now() {
        return clock.millis();
    }

    private void onProtocol(Runnable task) {
        if (closed) {
            return;
        }
        try {
            protocol.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("gossip {}: protocol step failed; the pool continues", label, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("gossip {}: pool closed, dropping a task", label);
        }
    }

    private void tick() {
        wakeupAt = Long.MAX_VALUE;
        state.tick(now());
        drain();
    }

    /** Execute what the state machine asked for, deliver events, re-arm the timer. */
    private void drain() {
        Ready ready = state.ready();
        coordinate = state.coordinate();
        for (Outbound o : ready.outbound()) {
            if (o.channel() == Outbound.Channel.PACKET) {
                sendPacket(o.address(), o.message());
            } else {
                streams.execute(() -> streamExchange(o.address(), o.message()));
            }
        }
        for (String w : ready.warnings()) {
            log.warn("gossip {}: {}", label, w);
        }
        if (!ready.memberEvents().isEmpty() || members.isEmpty() || state.isLeaving()) {
            members = state.members();
        }
        for (MemberEvent e : ready.memberEvents()) {
            log.info("gossip {}: member {} {} ({}:{})", label, e.member().name(), describe(e.type()),
                    e.member().address(), e.member().port());
            events.onMemberEvent(e);
        }
        for (UserEvent e : ready.userEvents()) {
            events.onUserEvent(e);
        }
        for (KeyringResult r : ready.keyringResults()) {
            CompletableFuture<KeyringResult> waiter = keyringWaiters.remove(r.id());
            if (waiter != null) {
                waiter.complete(r);
            }
        }
        // While leaving this node already counts as left, so aliveCount() is the others still alive: only when
        // none is left to tell can the leave finish before its announcement was gossiped.
        if (leaving != null && (state.leaveDisseminated() || state.aliveCount() == 0 || now() >= leaveDeadline)) {
            leaving.complete(null);
            leaving = null;
        }
        long next = Math.min(state.nextWakeup(), leaving != null ? now() + config.gossipIntervalMs() : Long.MAX_VALUE);
        if (next < wakeupAt) {
            if (wakeup != null) {
                wakeup.cancel(false);
            }
            wakeupAt = next;
            wakeup = protocol.schedule(this::tick, Math.max(0, next - now()), TimeUnit.MILLISECONDS);
        }
    }

    private static String describe(MemberEvent.Type type) {
        return switch (type) {
            case JOIN -> "joined";
            case UPDATE -> "updated";
            case LEAVE -> "left";
            case FAIL -> "failed";
            case REAP -> "reaped";
        };
    }

    // ---------------------------------------------------------------- UDP

    private void sendPacket(String address, Message message) {
        try {
            byte[] data = security.seal(MessageCodec.encode(message));
            udp.send(new DatagramPacket(data, data.length, resolve(address)));
        } catch (IOException | IllegalArgumentException e) {
            warnRateLimited("udp-send:" + address, "cannot send to " + address + ": " + e.getMessage());
        }
    }

    private void receivePackets() {
        byte[] buffer = new byte[65_536];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    log.warn("gossip {}: UDP receive failed: {}", label, e.getMessage());
                }
                continue;
            }
            String from = packet.getAddress().getHostAddress() + ":" + packet.getPort();
            byte[] data = java.util.Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
            try {
                Message message = MessageCodec.decode(security.open(data));
                onProtocol(() -> {
                    state.handle(from, message, now());
                    drain();
                });
            } catch (Keyring.DecryptionException | MessageCodec.MalformedMessageException e) {
                warnRateLimited("udp:" + from, "refused a packet from " + from + ": " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- TCP

    private void acceptStreams() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                streams.execute(() -> serveStream(socket));
            } catch (IOException e) {
                if (!closed) {
                    log.warn("gossip {}: TCP accept failed: {}", label, e.getMessage());
                }
            }
        }
    }

    private void serveStream(Socket socket) {
        String from = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        try (socket) {
            socket.setSoTimeout((int) config.tcpTimeoutMs());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Message request = MessageCodec.decode(security.open(readFrame(in)));
            CompletableFuture<Message> reply = new CompletableFuture<>();
            onProtocol(() -> {
                reply.complete(state.handleStream(from, request, now()));
                drain();
            });
            Message answer = reply.get(config.tcpTimeoutMs(), TimeUnit.MILLISECONDS);
            writeFrame(new DataOutputStream(socket.getOutputStream()), security.seal(MessageCodec.encode(answer)));
        } catch (Keyring.DecryptionException e) {
            log.warn("gossip {}: refused a TCP connection from {}: {}", label, from, e.getMessage());
        } catch (MessageCodec.MalformedMessageException e) {
            log.warn("gossip {}: refused a TCP connection from {}: {}", label, from, e.getMessage());
        } catch (IOException e) {
            log.debug("gossip {}: TCP exchange with {} ended: {}", label, from, e.getMessage());
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            log.warn("gossip {}: no answer for {} within {} ms", label, from, config.tcpTimeoutMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An outgoing exchange the protocol asked for (TCP ping fallback, push-pull); its reply goes back in. */
    private void streamExchange(String address, Message request) {
        try {
            Message reply = exchange(address, request);
            onProtocol(() -> {
                state.handle(address, reply, now());
                drain();
            });
        } catch (IOException | RuntimeException e) {
            log.debug("gossip {}: TCP exchange with {} failed: {}", label, address, e.getMessage());
        }
    }

    private Message exchange(String address, Message request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(resolve(address), (int) config.tcpTimeoutMs());
            socket.setSoTimeout((int) config.tcpTimeoutMs());
            writeFrame(new DataOutputStream(socket.getOutputStream()), security.seal(MessageCodec.encode(request)));
            byte[] reply;
            try {
                reply = readFrame(new DataInputStream(socket.getInputStream()));
            } catch (EOFException | SocketException e) {
                throw new IOException("the agent at " + address + " closed the connection without answering; "
                        + "check that every agent uses the same gossip encryption key (encrypt) and settings");
            }
            try {
                return MessageCodec.decode(security.open(reply));
            } catch (Keyring.DecryptionException e) {
                throw new IOException("cannot read the answer of " + address + ": " + e.getMessage(), e);
            }
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("implausible gossip frame length " + length);
        }
        byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }

    private static void writeFrame(DataOutputStream out, byte[] data) throws IOException {
        out.writeInt(data.length);
        out.write(data);
        out.flush();
    }

    static InetSocketAddress resolve(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("gossip address \"" + address + "\" has no port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1)));
    }

    static String withDefaultPort(String address, int port) {
        boolean bareIpv6 = address.indexOf(':') != address.lastIndexOf(':') && !address.startsWith("[");
        if (bareIpv6) {
            return "[" + address + "]:" + port;
        }
        return address.lastIndexOf(':') > address.lastIndexOf(']') ? address : address + ":" + port;
    }

    private void warnRateLimited(String key, String text) {
        long t = now();
        Long last = lastWarning.get(key);
        if (last == null || t - last >= WARN_EVERY_MS) {
            lastWarning.put(key, t);
            log.warn("gossip {}: {}", label, text);
        } else {
            log.debug("gossip {}: {}", label, text);
        }
    }
}
