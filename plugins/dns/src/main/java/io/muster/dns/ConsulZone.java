package io.muster.dns;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.Endpoints;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Node;
import io.muster.spi.model.ServiceHealth;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Answers questions inside the Consul domain (and reverse lookups under {@code arpa.}) from the kernel's
 * endpoints, with Consul's record shapes (agent/dns.go). It fills the answer, authority and additional sections
 * and the rcode of a prepared response; EDNS, truncation and encoding are the caller's.
 * <p>The returned stage completes on the calling thread when the endpoint futures are already complete.
 */
final class ConsulZone {
    /** Consul sends at most three name servers. */
    private static final int MAX_NAME_SERVERS = 3;
    private static final String CONSUL_SERVICE = "consul";

    private final DnsConfig config;
    private final Endpoints endpoints;
    private final Clock clock;
    private final Random random;
    private final QueryNameParser parser;

    ConsulZone(DnsConfig config, Endpoints endpoints, Clock clock, Random random) {
        this.config = config;
        this.endpoints = endpoints;
        this.clock = clock;
        this.random = random;
        this.parser = new QueryNameParser(config);
    }

    QueryNameParser parser() {
        return parser;
    }

    /**
     * Answers a question whose name is in the domain. The response already carries the header and question.
     */
    CompletionStage<Message> answerDomain(Record question, Message response) {
        int qtype = question.getType();
        if (qtype == Type.SOA || qtype == Type.NS) {
            return nameServers(question.getName()).thenApply(ns -> {
                if (qtype == Type.SOA) {
                    response.addRecord(soa(question.getName()), Section.ANSWER);
                    ns.records().forEach(r -> response.addRecord(r, Section.AUTHORITY));
                } else {
                    ns.records().forEach(r -> response.addRecord(r, Section.ANSWER));
                }
                ns.glue().forEach(r -> response.addRecord(r, Section.ADDITIONAL));
                return response;
            });
        }
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return CompletableFuture.completedFuture(response);
        }
        QueryName name = parser.parse(question.getName(), qtype);
        CompletionStage<Outcome> outcome;
        if (name instanceof QueryName.Service s) {
            outcome = service(s, question, response);
        } else if (name instanceof QueryName.NodeName n) {
            outcome = node(n, question, response);
        } else if (name instanceof QueryName.PreparedQuery q) {
            outcome = preparedQuery(q, question, response);
        } else if (name instanceof QueryName.Addr a) {
            outcome = CompletableFuture.completedFuture(addr(a, question, response));
        } else {
            outcome = CompletableFuture.completedFuture(Outcome.NAME_ERROR);
        }
        return outcome.exceptionally(ConsulZone::outcomeOf).thenApply(o -> {
            switch (o) {
                case NAME_ERROR:
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                    response.addRecord(soa(question.getName()), Section.AUTHORITY);
                    break;
                case NO_DATA:
                    response.addRecord(soa(question.getName()), Section.AUTHORITY);
                    break;
                case SERVER_FAILURE:
                    response.getHeader().setRcode(Rcode.SERVFAIL);
                    break;
                default:
                    break;
            }
            return response;
        });
    }

    /**
     * Answers a PTR question under {@code arpa.} from the catalog's node addresses. Completes with empty when no
     * node has the address, so that the caller can forward the question to the recursors.
     */
    CompletionStage<Optional<Message>> answerReverse(Record question, QueryName.Reverse reverse, Message response) {
        if (question.getType() == Type.SOA) {
            response.addRecord(soa(question.getName()), Section.AUTHORITY);
        }
        if (reverse.address().isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Name wanted = ReverseMap.fromAddress(reverse.address().get());
        return read(o -> endpoints.catalog().nodes(o)).thenApply(result -> {
            for (Node n : result.value()) {
                Optional<InetAddress> ip = IpLiteral.parse(n.address());
                if (ip.isPresent() && ReverseMap.fromAddress(ip.get()).equals(wanted)) {
                    String dc = n.datacenter() == null || n.datacenter().isEmpty() ? config.datacenter() : n.datacenter();
                    Optional<Name> target = name(n.node() + ".node." + dc + "." + config.domain());
                    if (target.isPresent()) {
                        response.addRecord(new PTRRecord(question.getName(), DClass.IN, 0, target.get()), Section.ANSWER);
                        return Optional.of(response);
                    }
                }
            }
            return Optional.<Message>empty();
        });
    }

    /** Consul's negative answer for a name it does not know: NXDOMAIN with the SOA as authority. */
    Message nameError(Record question, Message response) {
        response.getHeader().setRcode(Rcode.NXDOMAIN);
        response.addRecord(soa(question.getName()), Section.AUTHORITY);
        return response;
    }

    SOARecord soa(Name qname) {
        Name zone = Name.fromConstantString(parser.responseDomain(qname));
        Name host = Name.fromConstantString("ns." + zone);
        Name admin = Name.fromConstantString("hostmaster." + zone);
        DnsConfig.Soa soa = config.soa();
        long serial = clock.instant().getEpochSecond() & 0xFFFFFFFFL;
        return new SOARecord(zone, DClass.IN, soa.minTtl(), host, admin, serial, soa.refresh(), soa.retry(),
                soa.expire(), soa.minTtl());
    }

    private enum Outcome { ANSWERED, NAME_ERROR, NO_DATA, SERVER_FAILURE }

    private static Outcome outcomeOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        // Consul answers NXDOMAIN when the datacenter is unknown, SERVFAIL for every other failed lookup
        if (cause instanceof ApiException api && api.kind() == ApiException.Kind.NOT_FOUND) {
            return Outcome.NAME_ERROR;
        }
        return Outcome.SERVER_FAILURE;
    }

    private boolean remote(QueryName.Locality locality) {
        // No WAN federation or peering yet: another datacenter or a peer is unknown, answered at once.
        return !locality.peer().isEmpty()
                || (!locality.datacenter().isEmpty() && !locality.datacenter().equals(config.datacenter()));
    }

    // ---- services -------------------------------------------------------------------------------------------

    private CompletionStage<Outcome> service(QueryName.Service lookup, Record question, Message response) {
        if (remote(lookup.locality())) {
            return CompletableFuture.completedFuture(Outcome.NAME_ERROR);
        }
        return healthyInstances(lookup.service(), lookup.tag()).thenApply(instances -> {
            if (instances.isEmpty()) {
                return Outcome.NAME_ERROR;
            }
            Collections.shuffle(instances, random);
            long ttl = seconds(config.serviceTtlFor(lookup.service()));
            String responseDomain = parser.responseDomain(question.getName());
            if (question.getType() == Type.SRV) {
                addSrvRecords(instances, question, response, ttl, responseDomain);
            } else {
                addServiceAddressRecords(instances, question, response, ttl, responseDomain);
            }
            return response.getSection(Section.ANSWER).isEmpty() ? Outcome.NO_DATA : Outcome.ANSWERED;
        });
    }

    /**
     * A prepared query: the query's own filters (service, tags, OnlyPassing) choose the instances, critical ones are
     * never answered, and the query's DNS TTL wins over {@code service_ttl}. An unknown query is NXDOMAIN.
     */
    private CompletionStage<Outcome> preparedQuery(QueryName.PreparedQuery lookup, Record question, Message response) {
        if (remote(lookup.locality())) {
            return CompletableFuture.completedFuture(Outcome.NAME_ERROR);
        }
        return read(o -> endpoints.preparedQuery().execute(lookup.query(), null, 0, o)).thenApply(result -> {
            List<ServiceHealth> instances = new ArrayList<>();
            for (ServiceHealth instance : result.value().nodes()) {
                HealthStatus status = instance.aggregateStatus();
                if (status != HealthStatus.CRITICAL && (!config.onlyPassing() || status == HealthStatus.PASSING)) {
                    instances.add(instance);
                }
            }
            if (instances.isEmpty()) {
                return Outcome.NAME_ERROR;
            }
            Collections.shuffle(instances, random);
            long ttl = result.value().dnsTtl() != null ? seconds(result.value().dnsTtl())
                    : seconds(config.serviceTtlFor(result.value().service()));
            String responseDomain = parser.responseDomain(question.getName());
            if (question.getType() == Type.SRV) {
                addSrvRecords(instances, question, response, ttl, responseDomain);
            } else {
                addServiceAddressRecords(instances, question, response, ttl, responseDomain);
            }
            return response.getSection(Section.ANSWER).isEmpty() ? Outcome.NO_DATA : Outcome.ANSWERED;
        });
    }

    /** Instances without a critical check (and only passing ones with only_passing), with the tag if one is given. */
    private CompletionStage<List<ServiceHealth>> healthyInstances(String service, String tag) {
        // Tags are filtered here, case-insensitively as Consul's catalog does.
        return read(o -> endpoints.health().service(service, List.of(), false, o)).thenApply(result -> {
            List<ServiceHealth> out = new ArrayList<>();
            for (ServiceHealth instance : result.value()) {
                HealthStatus status = instance.aggregateStatus();
                if (status == HealthStatus.CRITICAL || (config.onlyPassing() && status != HealthStatus.PASSING)) {
                    continue;
                }
                if (!tag.isEmpty() && instance.service().tags().stream().noneMatch(t -> t.equalsIgnoreCase(tag))) {
                    continue;
                }
                out.add(instance);
            }
            return out;
        });
    }

    private void addSrvRecords(List<ServiceHealth> instances, Record question, Message response, long ttl,
                               String responseDomain) {
        Set<String> seen = new HashSet<>();
        for (ServiceHealth instance : instances) {
            String tuple = instance.node().node() + ":" + instance.service().address() + ":" + instance.service().port();
            if (!seen.add(tuple)) {
                continue;
            }
            Rrs rrs = serviceRecords(instance, question, ttl, responseDomain);
            rrs.answers().forEach(r -> response.addRecord(r, Section.ANSWER));
            rrs.extra().forEach(r -> response.addRecord(r, Section.ADDITIONAL));
            if (config.nodeMetaTxt()) {
                nodeFqdn(instance.node().node(), responseDomain).ifPresent(fqdn ->
                        metaTxt(instance.node(), fqdn, ttl).forEach(r -> response.addRecord(r, Section.ADDITIONAL)));
            }
        }
    }

    private void addServiceAddressRecords(List<ServiceHealth> instances, Record question, Message response, long ttl,
                                          String responseDomain) {
        Set<String> seen = new HashSet<>();
        List<Record> firstCname = List.of();
        int count = 0;
        for (ServiceHealth instance : instances) {
            List<Record> records = serviceRecords(instance, question, ttl, responseDomain).answers();
            if (records.isEmpty() || !seen.add(records.get(0).toString())) {
                continue;
            }
            if (records.get(0) instanceof CNAMERecord) {
                // a CNAME answer is used only when no instance has an address record
                if (firstCname.isEmpty()) {
                    firstCname = records;
                }
                continue;
            }
            records.forEach(r -> response.addRecord(r, Section.ANSWER));
            count++;
            if (count == config.aRecordLimit()) {
                return;
            }
        }
        if (response.getSection(Section.ANSWER).isEmpty()) {
            firstCname.forEach(r -> response.addRecord(r, Section.ANSWER));
        }
    }

    private record Rrs(List<Record> answers, List<Record> extra) {
        static final Rrs NONE = new Rrs(List.of(), List.of());
    }

    /** Consul's makeNodeServiceRecords: the service address wins over the node's; hostnames become CNAME/SRV targets. */
    private Rrs serviceRecords(ServiceHealth instance, Record question, long ttl, String responseDomain) {
        int qtype = question.getType();
        String serviceAddress = instance.service().address();
        String nodeAddress = translate(instance.node(), qtype);
        if (serviceAddress.isEmpty() && nodeAddress.isEmpty()) {
            return Rrs.NONE;
        }
        Optional<InetAddress> nodeIp = IpLiteral.parse(nodeAddress);
        Optional<InetAddress> serviceIp = IpLiteral.parse(serviceAddress);
        if (serviceAddress.isEmpty() && nodeIp.isPresent()) {
            return fromNode(instance, nodeIp.get(), question, ttl, responseDomain);
        }
        if (serviceAddress.isEmpty()) {
            return fromHostname(instance, nodeAddress, question, ttl);
        }
        if (serviceIp.isPresent()) {
            return fromIp(instance, serviceIp.get(), question, ttl, responseDomain);
        }
        if (nodeIp.isPresent() && absolute(serviceAddress).equalsIgnoreCase(question.getName().toString())) {
            return fromNode(instance, nodeIp.get(), question, ttl, responseDomain);
        }
        return fromHostname(instance, serviceAddress, question, ttl);
    }

    private Rrs fromNode(ServiceHealth instance, InetAddress ip, Record question, long ttl, String responseDomain) {
        Optional<Record> address = addressRecord(question.getType(), ip, ttl, question.getName());
        if (address.isEmpty()) {
            return Rrs.NONE;
        }
        if (question.getType() != Type.SRV) {
            return new Rrs(List.of(address.get()), List.of());
        }
        Optional<Name> target = nodeFqdn(instance.node().node(), responseDomain);
        if (target.isEmpty()) {
            return Rrs.NONE;
        }
        return new Rrs(List.of(srv(instance, question, ttl, target.get())), List.of(address.get().withName(target.get())));
    }

    private Rrs fromIp(ServiceHealth instance, InetAddress ip, Record question, long ttl, String responseDomain) {
        Optional<Record> address = addressRecord(question.getType(), ip, ttl, question.getName());
        if (address.isEmpty()) {
            return Rrs.NONE;
        }
        if (question.getType() != Type.SRV) {
            return new Rrs(List.of(address.get()), List.of());
        }
        // Consul's target for a service address: the address hex-encoded under .addr.DC.DOMAIN
        Name target = Name.fromConstantString(HexFormat.of().formatHex(ip.getAddress()) + ".addr."
                + config.datacenter() + "." + responseDomain);
        return new Rrs(List.of(srv(instance, question, ttl, target)), List.of(address.get().withName(target)));
    }

    private Rrs fromHostname(ServiceHealth instance, String host, Record question, long ttl) {
        Optional<Name> target = name(absolute(host));
        if (target.isEmpty()) {
            return Rrs.NONE;
        }
        if (question.getType() == Type.SRV) {
            return new Rrs(List.of(srv(instance, question, ttl, target.get())), List.of());
        }
        return new Rrs(List.of(new CNAMERecord(question.getName(), DClass.IN, ttl, target.get())), List.of());
    }

    private static SRVRecord srv(ServiceHealth instance, Record question, long ttl, Name target) {
        return new SRVRecord(question.getName(), DClass.IN, ttl, 1, weight(instance), instance.service().port() & 0xFFFF,
                target);
    }

    /** Consul's findWeight: the warning weight when the instance's own or node checks warn, else the passing one. */
    private static int weight(ServiceHealth instance) {
        HealthStatus status = HealthStatus.PASSING;
        for (HealthCheck check : instance.checks()) {
            if (check.serviceName().isEmpty() || check.serviceName().equals(instance.service().service())) {
                status = HealthStatus.worst(status, check.status());
            }
        }
        return switch (status) {
            case PASSING -> instance.service().weights().passing() & 0xFFFF;
            case WARNING -> instance.service().weights().warning() & 0xFFFF;
            case CRITICAL -> 0;
        };
    }

    // ---- nodes ----------------------------------------------------------------------------------------------

    private CompletionStage<Outcome> node(QueryName.NodeName lookup, Record question, Message response) {
        int qtype = question.getType();
        if (qtype != Type.ANY && qtype != Type.A && qtype != Type.AAAA && qtype != Type.TXT) {
            // Consul answers other types of a node name with an empty NOERROR
            return CompletableFuture.completedFuture(Outcome.ANSWERED);
        }
        if (remote(lookup.locality())) {
            return CompletableFuture.completedFuture(Outcome.NAME_ERROR);
        }
        return read(o -> endpoints.catalog().node(lookup.node(), o)).thenApply(result -> {
            if (result.value().isEmpty()) {
                return Outcome.NAME_ERROR;
            }
            Node n = result.value().get().node();
            long ttl = seconds(config.nodeTtl());
            if (qtype != Type.TXT) {
                nodeAddressRecords(n, qtype, question.getName(), ttl).forEach(r -> response.addRecord(r, Section.ANSWER));
            }
            if (config.nodeMetaTxt() || qtype == Type.TXT || qtype == Type.ANY) {
                int section = qtype == Type.TXT || qtype == Type.ANY ? Section.ANSWER : Section.ADDITIONAL;
                metaTxt(n, question.getName(), ttl).forEach(r -> response.addRecord(r, section));
            }
            return Outcome.ANSWERED;
        });
    }

    private List<Record> nodeAddressRecords(Node node, int qtype, Name owner, long ttl) {
        String address = translate(node, qtype);
        Optional<InetAddress> ip = IpLiteral.parse(address);
        if (ip.isEmpty()) {
            Optional<Name> target = name(absolute(address));
            return target.<List<Record>>map(t -> List.of(new CNAMERecord(owner, DClass.IN, ttl, t))).orElse(List.of());
        }
        return addressRecord(qtype, ip.get(), ttl, owner).map(List::of).orElse(List.of());
    }

    /** The node address for a question type: the node's own when it is of the asked family, else its lan_ipv4/6. */
    private static String translate(Node node, int qtype) {
        String address = node.address() == null ? "" : node.address();
        Optional<InetAddress> ip = IpLiteral.parse(address);
        if (qtype == Type.A && ip.isPresent() && !(ip.get() instanceof Inet4Address)) {
            return node.taggedAddresses().getOrDefault("lan_ipv4", address);
        }
        if (qtype == Type.AAAA && ip.isPresent() && ip.get() instanceof Inet4Address) {
            return node.taggedAddresses().getOrDefault("lan_ipv6", address);
        }
        return address;
    }

    /** Node meta as RFC 1464 TXT records; keys starting with rfc1035- give their raw value. */
    private static List<Record> metaTxt(Node node, Name owner, long ttl) {
        List<Record> out = new ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(node.meta()).entrySet()) {
            String text = e.getKey().toLowerCase(Locale.ROOT).startsWith("rfc1035-") ? e.getValue()
                    : rfc1464(e.getKey(), e.getValue());
            out.add(new TXTRecord(owner, DClass.IN, ttl, txtStrings(text)));
        }
        return out;
    }

    static String rfc1464(String key, String value) {
        String k = key.replace("`", "``").replace("=", "`=");
        int lead = 0;
        while (lead < k.length() && k.charAt(lead) == ' ') {
            lead++;
        }
        int trail = 0;
        while (trail < k.length() - lead && k.charAt(k.length() - 1 - trail) == ' ') {
            trail++;
        }
        k = "` ".repeat(lead) + k.substring(lead, k.length() - trail) + "` ".repeat(trail);
        return k + "=" + value.replace("`", "``");
    }

    /** Splits UTF-8 text into 255-byte character-strings in dnsjava's escaped text form (exact bytes). */
    private static List<String> txtStrings(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int start = 0; start < bytes.length || out.isEmpty(); start += 255) {
            StringBuilder sb = new StringBuilder();
            for (int i = start; i < Math.min(bytes.length, start + 255); i++) {
                int b = bytes[i] & 0xFF;
                if (b == '\\' || b == '"') {
                    sb.append('\\').append((char) b);
                } else if (b < 0x20 || b > 0x7E) {
                    sb.append('\\').append(String.format(Locale.ROOT, "%03d", b));
                } else {
                    sb.append((char) b);
                }
            }
            out.add(sb.toString());
            if (bytes.length == 0) {
                break;
            }
        }
        return out;
    }

    // ---- addr -----------------------------------------------------------------------------------------------

    private Outcome addr(QueryName.Addr lookup, Record question, Message response) {
        String hex = lookup.hex();
        if ((hex.length() != 8 && hex.length() != 32) || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Outcome.NAME_ERROR;
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByAddress(HexFormat.of().parseHex(hex));
        } catch (java.net.UnknownHostException e) {
            return Outcome.NAME_ERROR;
        }
        long ttl = seconds(config.nodeTtl());
        int qtype = question.getType();
        boolean v4 = hex.length() == 8;
        Record record = v4 ? new ARecord(question.getName(), DClass.IN, ttl, ip)
                : new AAAARecord(question.getName(), DClass.IN, ttl, ip);
        // Consul puts the record in the additional section when the type asked does not match
        boolean matches = qtype == Type.ANY || qtype == (v4 ? Type.A : Type.AAAA);
        response.addRecord(record, matches ? Section.ANSWER : Section.ADDITIONAL);
        return Outcome.ANSWERED;
    }

    // ---- name servers ---------------------------------------------------------------------------------------

    private record NameServers(List<Record> records, List<Record> glue) {
    }

    /** Up to three random healthy servers (instances of the "consul" service) as NS records with glue. */
    private CompletionStage<NameServers> nameServers(Name qname) {
        String responseDomain = parser.responseDomain(qname);
        Name zone = Name.fromConstantString(responseDomain);
        long ttl = seconds(config.nodeTtl());
        return healthyInstances(CONSUL_SERVICE, "").handle((instances, failure) -> {
            List<Record> ns = new ArrayList<>();
            List<Record> glue = new ArrayList<>();
            if (failure != null) {
                return new NameServers(ns, glue);
            }
            Collections.shuffle(instances, random);
            Set<String> seen = new HashSet<>();
            for (ServiceHealth instance : instances) {
                if (ns.size() >= MAX_NAME_SERVERS) {
                    break;
                }
                Node n = instance.node();
                Optional<Name> fqdn = nodeFqdn(n.node(), responseDomain);
                if (fqdn.isEmpty() || !seen.add(fqdn.get().toString())) {
                    continue;
                }
                ns.add(new NSRecord(zone, DClass.IN, ttl, fqdn.get()));
                glue.addAll(nodeAddressRecords(n, Type.ANY, fqdn.get(), ttl));
            }
            return new NameServers(ns, glue);
        });
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** Stale reads when allow_stale; a result older than max_stale is read again from the leader, as Consul does. */
    private <T> CompletionStage<QueryResult<T>> read(Function<QueryOptions, CompletionStage<QueryResult<T>>> call) {
        try {
            return readStaleFirst(call);
        } catch (RuntimeException e) {
            // An endpoint that refuses synchronously (e.g. an Endpoints without prepared queries) is a failed lookup.
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletionStage<QueryResult<T>> readStaleFirst(Function<QueryOptions, CompletionStage<QueryResult<T>>> call) {
        if (!config.allowStale()) {
            return call.apply(QueryOptions.DEFAULT);
        }
        QueryOptions stale = new QueryOptions(null, Consistency.STALE, 0, null, null, null, Map.of(), config.maxStale());
        return call.apply(stale).thenCompose(result -> result.lastContactMillis() > config.maxStale().toMillis()
                ? call.apply(QueryOptions.DEFAULT) : CompletableFuture.completedFuture(result));
    }

    private static Optional<Record> addressRecord(int qtype, InetAddress ip, long ttl, Name owner) {
        boolean anyFamily = qtype == Type.SRV || qtype == Type.ANY || qtype == Type.NS || qtype == Type.TXT;
        if (ip instanceof Inet4Address) {
            return anyFamily || qtype == Type.A ? Optional.of(new ARecord(owner, DClass.IN, ttl, ip)) : Optional.empty();
        }
        return anyFamily || qtype == Type.AAAA ? Optional.of(new AAAARecord(owner, DClass.IN, ttl, ip)) : Optional.empty();
    }

    private Optional<Name> nodeFqdn(String node, String responseDomain) {
        return name(node + ".node." + config.datacenter() + "." + responseDomain);
    }

    private static Optional<Name> name(String absolute) {
        try {
            return Optional.of(Name.fromString(absolute));
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }

    private static String absolute(String host) {
        return host.endsWith(".") ? host : host + ".";
    }

    private static long seconds(Duration d) {
        return Math.max(0, Math.min(d.getSeconds(), 0x7FFFFFFFL));
    }
}
