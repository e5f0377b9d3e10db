package io.muster.dns;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

/**
 * One UDP socket served by one thread: receive, hand to the {@link DnsRequestHandler}, send the answer from
 * whichever thread completes it (a DatagramChannel sends and receives concurrently). No failure of one packet
 * ends the loop; only {@link #close()} does.
 */
final class UdpListener implements Closeable {
    private static final int MAX_PACKET = 65535;

    private final DatagramChannel channel;
    private final DnsRequestHandler handler;
    private final DebugLog debugLog;
    private final Thread thread;

    private UdpListener(DatagramChannel channel, DnsRequestHandler handler, DebugLog debugLog) {
        this.channel = channel;
        this.handler = handler;
        this.debugLog = debugLog;
        this.thread = new Thread(this::run, "muster-dns-udp-" + channel.socket().getLocalSocketAddress());
        this.thread.setDaemon(true);
    }

    /** Binds and starts serving; fails with the OS's reason when the address cannot be bound. */
    static UdpListener open(InetSocketAddress address, DnsRequestHandler handler, DebugLog debugLog) throws IOException {
        DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.bind(address);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        UdpListener listener = new UdpListener(channel, handler, debugLog);
        listener.thread.start();
        return listener;
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_PACKET);
        while (channel.isOpen()) {
            SocketAddress client;
            try {
                buffer.clear();
                client = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // e.g. ICMP port unreachable reported on some platforms: the socket itself is fine
                debugLog.log("dns: udp receive failed: {}", e.toString());
                continue;
            }
            if (client == null) {
                continue;
            }
            byte[] packet = Arrays.copyOf(buffer.array(), buffer.position());
            try {
                handler.handle(packet, DnsRequestHandler.Transport.UDP).whenComplete((answer, failure) -> {
                    if (answer != null) {
                        send(answer, client);
                    } else if (failure != null) {
                        debugLog.log("dns: udp query from {} failed: {}", client, failure.toString());
                    }
                });
            } catch (RuntimeException e) {
                debugLog.log("dns: udp query from {} failed: {}", client, e.toString());
            }
        }
    }

    private void send(byte[] answer, SocketAddress client) {
        try {
            channel.send(ByteBuffer.wrap(answer), client);
        } catch (IOException e) {
            debugLog.log("dns: udp answer to {} not sent: {}", client, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
