package io.muster.kernel.cluster;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The address other agents reach this one at. Like Consul: {@code advertise_addr} when set, else the bind
 * address, and for a wildcard bind (0.0.0.0) the host's first private IPv4 address (loopback as a last resort).
 */
public final class AdvertiseAddress {
    private AdvertiseAddress() {
    }

    public static String resolve(String advertise, String bind) {
        if (advertise != null && !advertise.isEmpty()) {
            return advertise;
        }
        if (bind != null && !bind.isEmpty() && !bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) {
            return bind;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException ignored) {
            // No usable interface list: fall through to loopback, which the operator sees in `members`.
        }
        return "127.0.0.1";
    }
}
