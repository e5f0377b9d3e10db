package io.muster.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;

/** A server's RPC address, {@code ip:port} or {@code [v6]:port}, as the kernel names servers. */
record ServerEndpoint(String host, int port) {
    static ServerEndpoint parse(String address) throws IOException {
        Objects.requireNonNull(address, "address");
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IOException("\"" + address + "\" is not a server address of the form ip:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new ServerEndpoint(host, port);
        } catch (NumberFormatException e) {
            throw new IOException("\"" + address + "\" has no valid port (1..65535)");
        }
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }
}
