package io.muster.dns;

import io.muster.spi.ConfigView;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DNS frontend's settings, read once from the agent's configuration with Consul's keys and defaults
 * (https://developer.hashicorp.com/consul/docs/agent/config/config-files#dns-and-domain-parameters).
 * {@code domain} and {@code altDomain} are lower case, absolute ("consul."); {@code altDomain} is "" when unset.
 */
record DnsConfig(String domain, String altDomain, String datacenter, List<String> bindAddresses, int port,
                 boolean allowStale, Duration maxStale, Duration nodeTtl, Map<String, Duration> serviceTtl,
                 int udpAnswerLimit, int aRecordLimit, boolean enableTruncate, boolean onlyPassing,
                 Duration recursorTimeout, boolean disableCompression, Soa soa, List<InetSocketAddress> recursors,
                 boolean nodeMetaTxt) {

    /** The SOA timers, in seconds, from {@code dns_config.soa}. */
    record Soa(long refresh, long retry, long expire, long minTtl) {
        static final Soa DEFAULT = new Soa(3600, 600, 86400, 0);
    }

    DnsConfig {
        domain = absolute(domain);
        altDomain = altDomain == null || altDomain.isBlank() ? "" : absolute(altDomain);
        datacenter = datacenter.toLowerCase(Locale.ROOT);
        bindAddresses = List.copyOf(bindAddresses);
        serviceTtl = Map.copyOf(serviceTtl);
        recursors = List.copyOf(recursors);
    }

    /** Defaults for a datacenter; tests and {@link #from} start here. */
    static DnsConfig defaults(String datacenter) {
        return new DnsConfig("consul.", "", datacenter, List.of("127.0.0.1"), 8600, true, Duration.ofHours(87600),
                Duration.ZERO, Map.of(), 3, 0, false, false, Duration.ofSeconds(2), false, Soa.DEFAULT, List.of(), true);
    }

    static DnsConfig from(ConfigView config, String datacenter) {
        DnsConfig d = defaults(datacenter);
        List<String> addresses = words(config, "addresses.dns");
        if (addresses.isEmpty()) {
            addresses = words(config, "client_addr");
        }
        if (addresses.isEmpty()) {
            addresses = d.bindAddresses();
        }
        String p = "dns_config.";
        Map<String, Duration> serviceTtl = new LinkedHashMap<>();
        config.section(p + "service_ttl").forEach((service, value) ->
                serviceTtl.put(service, GoDuration.parse(String.valueOf(value), p + "service_ttl." + service)));
        List<InetSocketAddress> recursors = new ArrayList<>();
        for (String r : config.strings("recursors")) {
            recursors.add(recursorAddress(r));
        }
        Soa soa = new Soa(config.number(p + "soa.refresh", Soa.DEFAULT.refresh()),
                config.number(p + "soa.retry", Soa.DEFAULT.retry()),
                config.number(p + "soa.expire", Soa.DEFAULT.expire()),
                config.number(p + "soa.min_ttl", Soa.DEFAULT.minTtl()));
        return new DnsConfig(config.string("domain", d.domain()), config.string("alt_domain", ""), datacenter,
                addresses, (int) config.number("ports.dns", d.port()),
                config.bool(p + "allow_stale", d.allowStale()), config.duration(p + "max_stale", d.maxStale()),
                config.duration(p + "node_ttl", d.nodeTtl()), serviceTtl,
                (int) config.number(p + "udp_answer_limit", d.udpAnswerLimit()),
                (int) config.number(p + "a_record_limit", d.aRecordLimit()),
                config.bool(p + "enable_truncate", d.enableTruncate()),
                config.bool(p + "only_passing", d.onlyPassing()),
                config.duration(p + "recursor_timeout", d.recursorTimeout()),
                config.bool(p + "disable_compression", d.disableCompression()), soa, recursors,
                config.bool(p + "enable_additional_node_meta_txt", d.nodeMetaTxt()));
    }

    DnsConfig withPort(int newPort) {
        return new DnsConfig(domain, altDomain, datacenter, bindAddresses, newPort, allowStale, maxStale, nodeTtl,
                serviceTtl, udpAnswerLimit, aRecordLimit, enableTruncate, onlyPassing, recursorTimeout,
                disableCompression, soa, recursors, nodeMetaTxt);
    }

    DnsConfig withRecursors(List<InetSocketAddress> newRecursors, Duration timeout) {
        return new DnsConfig(domain, altDomain, datacenter, bindAddresses, port, allowStale, maxStale, nodeTtl,
                serviceTtl, udpAnswerLimit, aRecordLimit, enableTruncate, onlyPassing, timeout,
                disableCompression, soa, newRecursors, nodeMetaTxt);
    }

    DnsConfig withLimits(int newUdpAnswerLimit, int newARecordLimit, boolean truncate, boolean passingOnly) {
        return new DnsConfig(domain, altDomain, datacenter, bindAddresses, port, allowStale, maxStale, nodeTtl,
                serviceTtl, newUdpAnswerLimit, newARecordLimit, truncate, passingOnly, recursorTimeout,
                disableCompression, soa, recursors, nodeMetaTxt);
    }

    DnsConfig withTtls(Duration newNodeTtl, Map<String, Duration> newServiceTtl) {
        return new DnsConfig(domain, altDomain, datacenter, bindAddresses, port, allowStale, maxStale, newNodeTtl,
                newServiceTtl, udpAnswerLimit, aRecordLimit, enableTruncate, onlyPassing, recursorTimeout,
                disableCompression, soa, recursors, nodeMetaTxt);
    }

    DnsConfig withAltDomain(String newAltDomain) {
        return new DnsConfig(domain, newAltDomain, datacenter, bindAddresses, port, allowStale, maxStale, nodeTtl,
                serviceTtl, udpAnswerLimit, aRecordLimit, enableTruncate, onlyPassing, recursorTimeout,
                disableCompression, soa, recursors, nodeMetaTxt);
    }

    /**
     * TTL of a service's answers: the exact name, else the longest {@code prefix*} key that matches, else "*",
     * else 0 (Consul's {@code GetTTLForService}); names compare case-insensitively.
     */
    Duration serviceTtlFor(String service) {
        String name = service.toLowerCase(Locale.ROOT);
        Duration best = null;
        int bestLength = -1;
        for (Map.Entry<String, Duration> e : serviceTtl.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (key.equals(name)) {
                return e.getValue();
            }
            if (key.endsWith("*")) {
                String prefix = key.substring(0, key.length() - 1);
                if (name.startsWith(prefix) && prefix.length() > bestLength) {
                    best = e.getValue();
                    bestLength = prefix.length();
                }
            }
        }
        return best == null ? Duration.ZERO : best;
    }

    private static String absolute(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        while (n.startsWith(".")) {
            n = n.substring(1);
        }
        return n.endsWith(".") ? n : n + ".";
    }

    /** A space-separated address list; the kernel may hand it over as a string or a list. */
    private static List<String> words(ConfigView config, String path) {
        Object value = config.get(path).orElse(null);
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            c.forEach(v -> out.addAll(List.of(v.toString().trim().split("\\s+"))));
        } else if (value != null) {
            out.addAll(List.of(value.toString().trim().split("\\s+")));
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    /** "ip", "ip:port", "[v6]:port" or a bare IPv6 address; the port defaults to 53 as in Consul. */
    static InetSocketAddress recursorAddress(String text) {
        String s = text.trim();
        String host = s;
        int port = 53;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw badRecursor(text);
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw badRecursor(text);
                }
                port = parsePort(s.substring(close + 2), text);
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = parsePort(s.substring(s.indexOf(':') + 1), text);
        }
        InetAddress address = IpLiteral.parse(host).orElse(null);
        if (address == null) {
            InetSocketAddress resolved = new InetSocketAddress(host, port);
            if (resolved.isUnresolved()) {
                throw badRecursor(text);
            }
            return resolved;
        }
        return new InetSocketAddress(address, port);
    }

    private static int parsePort(String s, String text) {
        try {
            int port = Integer.parseInt(s);
            if (port < 1 || port > 65535) {
                throw badRecursor(text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw badRecursor(text);
        }
    }

    private static IllegalArgumentException badRecursor(String text) {
        return new IllegalArgumentException("config key recursors: invalid recursor address \"" + text
                + "\": expected ip, ip:port or [ipv6]:port");
    }
}
