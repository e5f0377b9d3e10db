package io.muster.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads a question name into a {@link QueryName}, following Consul's {@code dispatch} in agent/dns.go. */
final class QueryNameParser {
    private static final List<String> KINDS = List.of("service", "connect", "virtual", "ingress", "node", "query", "addr");

    private final String domain;
    private final String altDomain;

    QueryNameParser(DnsConfig config) {
        this.domain = config.domain();
        this.altDomain = config.altDomain();
    }

    /** The domain answers use: the alternate domain when the question was asked in it, else the primary one. */
    String responseDomain(Name qname) {
        String lower = lower(qname);
        if (!altDomain.isEmpty() && endsWithDomain(lower, altDomain)
                && (!endsWithDomain(lower, domain) || altDomain.length() > domain.length())) {
            return altDomain;
        }
        return domain;
    }

    boolean inDomain(Name qname) {
        String lower = lower(qname);
        return endsWithDomain(lower, domain) || (!altDomain.isEmpty() && endsWithDomain(lower, altDomain));
    }

    QueryName parse(Name qname, int qtype) {
        String lower = lower(qname);
        if (!inDomain(qname)) {
            if (lower.equals("arpa.") || lower.endsWith(".arpa.")) {
                return new QueryName.Reverse(reverseAddress(qname));
            }
            return new QueryName.Outside();
        }
        int domainLabels = labelCount(responseDomain(qname));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < qname.labels() - 1 - domainLabels; i++) {
            labels.add(qname.getLabelString(i));
        }
        int kindAt = -1;
        String kind = "";
        for (int i = labels.size() - 1; i >= 0; i--) {
            String label = labels.get(i).toLowerCase(Locale.ROOT);
            if (KINDS.contains(label)) {
                kindAt = i;
                kind = label;
                break;
            }
            // For SRV questions the "service" label is optional: _web._tcp.consul
            if (qtype == Type.SRV && label.startsWith("_")) {
                labels.add(i + 1, "service");
                kindAt = i + 1;
                kind = "service";
                break;
            }
        }
        if (kindAt < 0) {
            return new QueryName.Invalid();
        }
        List<String> parts = labels.subList(0, kindAt);
        List<String> suffixes = labels.subList(kindAt + 1, labels.size());
        if (parts.isEmpty()) {
            return new QueryName.Invalid();
        }
        switch (kind) {
            case "service": {
                Optional<QueryName.Locality> locality = locality(suffixes);
                if (locality.isEmpty()) {
                    return new QueryName.Invalid();
                }
                int n = parts.size();
                if (n == 2 && parts.get(0).startsWith("_") && parts.get(1).startsWith("_")) {
                    String tag = parts.get(1).substring(1);
                    // _name._tcp is the plain RFC 2782 form: any tag
                    if (tag.equalsIgnoreCase("tcp")) {
                        tag = "";
                    }
                    return new QueryName.Service(parts.get(0).substring(1), tag, locality.get());
                }
                String tag = n >= 2 ? String.join(".", parts.subList(0, n - 1)) : "";
                return new QueryName.Service(parts.get(n - 1), tag, locality.get());
            }
            case "node": {
                Optional<QueryName.Locality> locality = locality(suffixes);
                return locality.<QueryName>map(l -> new QueryName.NodeName(String.join(".", parts), l))
                        .orElseGet(QueryName.Invalid::new);
            }
            case "addr": {
                Optional<QueryName.Locality> locality = locality(suffixes);
                if (parts.size() != 1 || locality.isEmpty()) {
                    return new QueryName.Invalid();
                }
                return new QueryName.Addr(parts.get(0).toLowerCase(Locale.ROOT), locality.get());
            }
            case "query": {
                Optional<QueryName.Locality> locality = locality(suffixes);
                if (parts.isEmpty() || locality.isEmpty()) {
                    return new QueryName.Invalid();
                }
                return new QueryName.PreparedQuery(String.join(".", parts), locality.get());
            }
            default:
                return new QueryName.Unsupported(kind);
        }
    }

    /** Consul's parseLocality without enterprise labels: none, {@code DC}, {@code DC.dc} or {@code PEER.peer}. */
    private static Optional<QueryName.Locality> locality(List<String> suffixes) {
        switch (suffixes.size()) {
            case 0:
                return Optional.of(QueryName.Locality.LOCAL);
            case 1:
                return Optional.of(new QueryName.Locality(suffixes.get(0).toLowerCase(Locale.ROOT), ""));
            case 2: {
                String value = suffixes.get(0).toLowerCase(Locale.ROOT);
                switch (suffixes.get(1).toLowerCase(Locale.ROOT)) {
                    case "dc":
                        return Optional.of(new QueryName.Locality(value, ""));
                    case "peer":
                        return Optional.of(new QueryName.Locality("", value));
                    default:
                        return Optional.empty();
                }
            }
            default:
                return Optional.empty();
        }
    }

    private static Optional<InetAddress> reverseAddress(Name qname) {
        try {
            return Optional.of(ReverseMap.fromName(qname));
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String lower(Name name) {
        return name.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean endsWithDomain(String lowerName, String domain) {
        return lowerName.equals(domain) || lowerName.endsWith("." + domain);
    }

    private static int labelCount(String absoluteDomain) {
        return absoluteDomain.split("\\.").length;
    }
}
