package io.muster.dns;

import org.xbill.DNS.Address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Parses IP literals only: never a DNS lookup, which must not happen on a listener thread. */
final class IpLiteral {
    private IpLiteral() {
    }

    static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = Address.toByteArray(text, Address.IPv4);
        if (bytes == null && text.indexOf(':') >= 0) {
            bytes = Address.toByteArray(text, Address.IPv6);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            // an IPv4-mapped IPv6 literal comes back as an Inet4Address, as Go's To4() treats it
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
