package io.muster.dns;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.Consistency;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;
import io.muster.spi.model.Weights;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.muster.dns.FakeEndpoints.instance;
import static io.muster.dns.FakeEndpoints.node;
import static io.muster.dns.FakeEndpoints.service;
import static io.muster.spi.model.HealthStatus.CRITICAL;
import static io.muster.spi.model.HealthStatus.PASSING;
import static io.muster.spi.model.HealthStatus.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

/** Answer building, validation and trimming against a fake Endpoints, without sockets. */
class DnsRequestHandlerTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private final FakeEndpoints endpoints = new FakeEndpoints();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final DebugLog debugLog = new DebugLog(LoggerFactory.getLogger("test"), clock, Duration.ofSeconds(1));
    private DnsConfig config = DnsConfig.defaults("dc1");

    private final Node node1 = node("node1", "10.0.0.1", Map.of("rack", "r1"));
    private final Node node2 = node("node2", "10.0.0.2");
    private final Node node3 = node("node3", "10.0.0.3");

    private DnsRequestHandler handler() {
        return new DnsRequestHandler(config, new ConsulZone(config, endpoints, clock, new Random(7)),
                new Recursor(config.recursors(), config.recursorTimeout(), debugLog), debugLog, Duration.ofSeconds(5));
    }

    private static Message query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private Message ask(String name, int type) throws Exception {
        return ask(query(name, type), DnsRequestHandler.Transport.UDP);
    }

    private Message ask(Message query, DnsRequestHandler.Transport transport) throws Exception {
        byte[] wire = handler().handle(query.toWire(), transport).toCompletableFuture().join();
        assertThat(wire).as("an answer").isNotNull();
        return new Message(wire);
    }

    private static List<String> addresses(Message m, int section) {
        return m.getSection(section).stream().filter(r -> r instanceof ARecord || r instanceof AAAARecord)
                .map(r -> r.rdataToString()).sorted().collect(Collectors.toList());
    }

    private void threeInstances() {
        endpoints.add(instance(node1, service("web", "", 8080, "primary"), PASSING))
                .add(instance(node2, service("web", "", 8080), WARNING))
                .add(instance(node3, service("web", "", 8080, "primary"), CRITICAL, PASSING));
    }

    @Test
    void serviceAnswersHealthyInstancesAndSkipsCriticalOnes() throws Exception {
        threeInstances();
        Message m = ask("web.service.consul.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.RA)).isFalse();
        assertThat(addresses(m, Section.ANSWER)).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(m.getSection(Section.ANSWER)).allSatisfy(r -> {
            assertThat(r.getName()).isEqualTo(Name.fromString("web.service.consul."));
            assertThat(r.getTTL()).isZero();
        });
    }

    @Test
    void onlyPassingAlsoSkipsWarningInstances() throws Exception {
        threeInstances();
        config = config.withLimits(3, 0, false, true);
        assertThat(addresses(ask("web.service.consul.", Type.A), Section.ANSWER)).containsExactly("10.0.0.1");
    }

    @Test
    void staleReadsByDefaultAndLeaderReadsWhenTooStaleOrDisallowed() throws Exception {
        threeInstances();
        ask("web.service.consul.", Type.A);
        assertThat(endpoints.seenOptions).extracting(o -> o.consistency()).containsExactly(Consistency.STALE);
        endpoints.seenOptions.clear();
        endpoints.lastContactMillis = Duration.ofHours(87601).toMillis();
        ask("web.service.consul.", Type.A);
        assertThat(endpoints.seenOptions).extracting(o -> o.consistency())
                .containsExactly(Consistency.STALE, Consistency.DEFAULT);
    }

    @Test
    void srvTargetsTheNodeWithGlueAndMetaTxtInAdditional() throws Exception {
        endpoints.add(instance(node1, service("web", "", 8080), PASSING));
        Message m = ask("web.service.consul.", Type.SRV);
        SRVRecord srv = (SRVRecord) m.getSection(Section.ANSWER).get(0);
        assertThat(srv.getTarget()).isEqualTo(Name.fromString("node1.node.dc1.consul."));
        assertThat(srv.getPort()).isEqualTo(8080);
        assertThat(srv.getPriority()).isEqualTo(1);
        assertThat(srv.getWeight()).isEqualTo(10);
        assertThat(m.getSection(Section.ADDITIONAL)).anySatisfy(r -> {
            assertThat(r).isInstanceOf(ARecord.class);
            assertThat(r.getName()).isEqualTo(srv.getTarget());
            assertThat(r.rdataToString()).isEqualTo("10.0.0.1");
        }).anySatisfy(r -> {
            assertThat(r).isInstanceOf(TXTRecord.class);
            assertThat(((TXTRecord) r).getStrings()).containsExactly("rack=r1");
        });
    }

    @Test
    void srvWeightFollowsTheWarningWeight() throws Exception {
        endpoints.add(instance(node2, service("web", "", 8080), WARNING));
        SRVRecord srv = (SRVRecord) ask("web.service.consul.", Type.SRV).getSection(Section.ANSWER).get(0);
        assertThat(srv.getWeight()).isEqualTo(1);
    }

    @Test
    void serviceAddressOverridesTheNodeAndTargetsTheAddrForm() throws Exception {
        endpoints.add(instance(node1, service("db", "10.9.0.99", 5432), PASSING));
        assertThat(addresses(ask("db.service.consul.", Type.A), Section.ANSWER)).containsExactly("10.9.0.99");
        Message srv = ask("db.service.consul.", Type.SRV);
        SRVRecord record = (SRVRecord) srv.getSection(Section.ANSWER).get(0);
        assertThat(record.getTarget()).isEqualTo(Name.fromString("0a090063.addr.dc1.consul."));
        assertThat(srv.getSection(Section.ADDITIONAL)).anySatisfy(r -> {
            assertThat(r.getName()).isEqualTo(record.getTarget());
            assertThat(r.rdataToString()).isEqualTo("10.9.0.99");
        });
    }

    @Test
    void hostnameAddressesBecomeCnamesAndSrvTargets() throws Exception {
        endpoints.add(instance(node("ext", "ext.example.com"), service("search", "", 443), PASSING));
        Message a = ask("search.service.consul.", Type.A);
        assertThat(a.getSection(Section.ANSWER)).singleElement().isInstanceOfSatisfying(CNAMERecord.class,
                c -> assertThat(c.getTarget().toString()).isEqualTo("ext.example.com."));
        SRVRecord srv = (SRVRecord) ask("search.service.consul.", Type.SRV).getSection(Section.ANSWER).get(0);
        assertThat(srv.getTarget().toString()).isEqualTo("ext.example.com.");
    }

    @Test
    void tagsFilterInstancesInBothForms() throws Exception {
        threeInstances();
        assertThat(addresses(ask("primary.web.service.consul.", Type.A), Section.ANSWER)).containsExactly("10.0.0.1");
        assertThat(ask("_web._primary.service.consul.", Type.SRV).getSection(Section.ANSWER)).hasSize(1);
        assertThat(ask("_web._tcp.service.consul.", Type.SRV).getSection(Section.ANSWER)).hasSize(2);
        assertThat(ask("other.web.service.consul.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void unknownNamesAreNxdomainWithTheSoaAsAuthority() throws Exception {
        Message m = ask("nope.service.consul.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
        SOARecord soa = (SOARecord) m.getSection(Section.AUTHORITY).get(0);
        assertThat(soa.getName()).isEqualTo(Name.fromString("consul."));
        assertThat(soa.getHost()).isEqualTo(Name.fromString("ns.consul."));
        assertThat(soa.getAdmin()).isEqualTo(Name.fromString("hostmaster.consul."));
        assertThat(soa.getSerial()).isEqualTo(NOW.getEpochSecond());
        assertThat(List.of(soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum(), soa.getTTL()))
                .containsExactly(3600L, 600L, 86400L, 0L, 0L);
        for (String name : List.of("consul.", "x.consul.", "web.connect.consul.", "web.ingress.consul.",
                "q.query.consul.", "zz.addr.consul.", "nope.node.consul.")) {
            assertThat(ask(name, Type.A).getRcode()).as(name).isEqualTo(Rcode.NXDOMAIN);
        }
    }

    @Test
    void aServiceWithNoHealthyInstanceIsNxdomain() throws Exception {
        endpoints.add(instance(node3, service("web", "", 80), CRITICAL));
        Message m = ask("web.service.consul.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(m.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void aTypeWithoutRecordsIsNoDataWithSoa() throws Exception {
        endpoints.add(instance(node1, service("web", "", 80), PASSING));
        Message m = ask("web.service.consul.", Type.AAAA);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
        assertThat(m.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void anotherDatacenterIsNxdomainWithoutAskingTheEndpoints() throws Exception {
        threeInstances();
        assertThat(ask("web.service.dc2.consul.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ask("node1.node.dc2.consul.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(endpoints.seenOptions).isEmpty();
        assertThat(ask("web.service.DC1.consul.", Type.A).getSection(Section.ANSWER)).hasSize(2);
    }

    @Test
    void nodeLookupsAnswerAddressesAndMeta() throws Exception {
        endpoints.extraNodes.add(node1);
        endpoints.extraNodes.add(new Node("id", "dual", "10.0.0.5", "dc1", Map.of("lan_ipv6", "fd00::5"), Map.of(), 1, 1));
        Message a = ask("node1.node.consul.", Type.A);
        assertThat(addresses(a, Section.ANSWER)).containsExactly("10.0.0.1");
        assertThat(a.getSection(Section.ADDITIONAL)).singleElement().isInstanceOf(TXTRecord.class);
        Message txt = ask("node1.node.dc1.consul.", Type.TXT);
        assertThat(txt.getSection(Section.ANSWER)).singleElement().isInstanceOfSatisfying(TXTRecord.class,
                t -> assertThat(t.getStrings()).containsExactly("rack=r1"));
        assertThat(addresses(ask("dual.node.consul.", Type.AAAA), Section.ANSWER)).containsExactly("fd00:0:0:0:0:0:0:5");
        Message mx = ask("node1.node.consul.", Type.MX);
        assertThat(mx.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(mx.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void metaTxtInAdditionalCanBeTurnedOff() throws Exception {
        endpoints.extraNodes.add(node1);
        config = new DnsConfig("consul.", "", "dc1", List.of("127.0.0.1"), 8600, true, Duration.ofHours(1), Duration.ZERO,
                Map.of(), 3, 0, false, false, Duration.ofSeconds(2), false, DnsConfig.Soa.DEFAULT, List.of(), false);
        assertThat(ask("node1.node.consul.", Type.A).getSection(Section.ADDITIONAL)).isEmpty();
        assertThat(ask("node1.node.consul.", Type.TXT).getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void addrNamesDecodeHexAddresses() throws Exception {
        assertThat(addresses(ask("7f000001.addr.consul.", Type.A), Section.ANSWER)).containsExactly("127.0.0.1");
        assertThat(addresses(ask("20010db8000000000000000000000001.addr.dc1.consul.", Type.AAAA), Section.ANSWER))
                .containsExactly("2001:db8:0:0:0:0:0:1");
        assertThat(ask("7f00000z.addr.consul.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void soaAndNsNameTheServersWithGlue() throws Exception {
        endpoints.add(instance(node1, service("consul", "", 8300), PASSING));
        Message soa = ask("consul.", Type.SOA);
        assertThat(soa.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
        assertThat(soa.getSection(Section.AUTHORITY)).singleElement().isInstanceOfSatisfying(NSRecord.class,
                ns -> assertThat(ns.getTarget().toString()).isEqualTo("node1.node.dc1.consul."));
        assertThat(addresses(soa, Section.ADDITIONAL)).containsExactly("10.0.0.1");
        Message ns = ask("consul.", Type.NS);
        assertThat(ns.getSection(Section.ANSWER)).singleElement().isInstanceOf(NSRecord.class);
    }

    @Test
    void reverseLookupsNameKnownNodes() throws Exception {
        endpoints.extraNodes.add(node1);
        Message m = ask("1.0.0.10.in-addr.arpa.", Type.PTR);
        assertThat(m.getSection(Section.ANSWER)).singleElement().isInstanceOfSatisfying(PTRRecord.class,
                p -> assertThat(p.getTarget().toString()).isEqualTo("node1.node.dc1.consul."));
        Message unknown = ask("9.9.9.10.in-addr.arpa.", Type.PTR);
        assertThat(unknown.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(unknown.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void namesOutsideTheDomainAreRefusedWithoutRecursors() throws Exception {
        Message m = ask("example.com.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(m.getQuestion().getName().toString()).isEqualTo("example.com.");
    }

    @Test
    void malformedAndUnsupportedPacketsGetConsulsErrors() throws Exception {
        DnsRequestHandler h = handler();
        byte[] good = query("web.service.consul.", Type.A).toWire();
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        Message formerr = new Message(h.handle(cut, DnsRequestHandler.Transport.UDP).toCompletableFuture().join());
        assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(formerr.getHeader().getID()).isEqualTo(new Message(good).getHeader().getID());
        assertThat(formerr.getHeader().getFlag(Flags.QR)).isTrue();

        assertThat(h.handle(new byte[5], DnsRequestHandler.Transport.UDP).toCompletableFuture().join()).isNull();

        Message response = query("web.service.consul.", Type.A);
        response.getHeader().setFlag(Flags.QR);
        assertThat(h.handle(response.toWire(), DnsRequestHandler.Transport.UDP).toCompletableFuture().join()).isNull();

        Message notify = query("web.service.consul.", Type.A);
        notify.getHeader().setOpcode(Opcode.STATUS);
        assertThat(ask(notify, DnsRequestHandler.Transport.UDP).getRcode()).isEqualTo(Rcode.NOTIMP);

        Message two = query("web.service.consul.", Type.A);
        two.addRecord(Record.newRecord(Name.fromString("db.service.consul."), Type.A, DClass.IN), Section.QUESTION);
        assertThat(ask(two, DnsRequestHandler.Transport.UDP).getRcode()).isEqualTo(Rcode.FORMERR);

        assertThat(ask("consul.", Type.AXFR).getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    private void manyInstances(int count) {
        for (int i = 1; i <= count; i++) {
            endpoints.add(instance(node("host-with-a-long-name-" + i, "10.1.0." + i), service("big", "", 9000), PASSING));
        }
    }

    @Test
    void udpAnswersAreCutToTheAnswerLimitAndFlaggedWhenTruncationIsEnabled() throws Exception {
        manyInstances(20);
        Message plain = ask("big.service.consul.", Type.A);
        assertThat(plain.getSection(Section.ANSWER)).hasSize(3);
        assertThat(plain.getHeader().getFlag(Flags.TC)).isFalse();

        config = config.withLimits(3, 0, true, false);
        Message flagged = ask("big.service.consul.", Type.A);
        assertThat(flagged.getSection(Section.ANSWER)).hasSize(3);
        assertThat(flagged.getHeader().getFlag(Flags.TC)).isTrue();

        Message tcp = ask(query("big.service.consul.", Type.A), DnsRequestHandler.Transport.TCP);
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(20);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    }

    @Test
    void ednsClientsGetTheirBufferSizeAndTheOptEchoed() throws Exception {
        manyInstances(20);
        config = config.withLimits(3, 0, true, false);
        Message q = query("big.service.consul.", Type.A);
        q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message m = ask(q, DnsRequestHandler.Transport.UDP);
        assertThat(m.getSection(Section.ANSWER)).hasSize(20);
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(m.getOPT()).isNotNull();
        assertThat(m.getOPT().getPayloadSize()).isEqualTo(4096);
        assertThat(ask("big.service.consul.", Type.A).getOPT()).isNull();
    }

    @Test
    void srvAnswersAreCutToFitAndKeepOnlyTheirGlue() throws Exception {
        manyInstances(40);
        config = config.withLimits(8, 0, true, false);
        Message m = ask("big.service.consul.", Type.SRV);
        assertThat(m.toWire().length).isLessThanOrEqualTo(512);
        assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
        List<Name> targets = m.getSection(Section.ANSWER).stream().map(r -> ((SRVRecord) r).getTarget()).toList();
        assertThat(targets).isNotEmpty().hasSizeLessThanOrEqualTo(8);
        assertThat(m.getSection(Section.ADDITIONAL)).allSatisfy(r -> assertThat(targets).contains(r.getName()));
        assertThat(m.getSection(Section.ADDITIONAL)).hasSize(targets.size());

        Message tcp = ask(query("big.service.consul.", Type.SRV), DnsRequestHandler.Transport.TCP);
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(40);
        assertThat(tcp.getSection(Section.ADDITIONAL)).hasSize(40);
    }

    @Test
    void aRecordLimitCapsAddressAnswers() throws Exception {
        manyInstances(10);
        config = config.withLimits(3, 2, false, false);
        assertThat(ask(query("big.service.consul.", Type.A), DnsRequestHandler.Transport.TCP)
                .getSection(Section.ANSWER)).hasSize(2);
    }

    @Test
    void ttlsComeFromNodeAndServiceSettings() throws Exception {
        endpoints.add(instance(node1, service("web", "", 80), PASSING));
        endpoints.add(instance(node1, service("webapp", "", 81), PASSING));
        endpoints.add(instance(node1, service("db", "", 82), PASSING));
        config = config.withTtls(Duration.ofSeconds(7), Map.of("web", Duration.ofSeconds(30), "web*",
                Duration.ofSeconds(20), "*", Duration.ofSeconds(5)));
        assertThat(ask("web.service.consul.", Type.A).getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(30);
        assertThat(ask("webapp.service.consul.", Type.A).getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(20);
        assertThat(ask("db.service.consul.", Type.A).getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(5);
        assertThat(ask("node1.node.consul.", Type.A).getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(7);
    }

    @Test
    void answersCompleteFromTheEndpointCallbackWhenItIsAsynchronous() throws Exception {
        threeInstances();
        endpoints.async = true;
        CompletableFuture<byte[]> answer = handler().handle(query("web.service.consul.", Type.A).toWire(),
                DnsRequestHandler.Transport.UDP).toCompletableFuture();
        assertThat(answer).isNotDone();
        endpoints.completePending();
        assertThat(answer).isDone();
        assertThat(addresses(new Message(answer.join()), Section.ANSWER)).hasSize(2);
    }

    @Test
    void endpointFailuresAreServfailAndUnknownDatacentersNxdomain() throws Exception {
        threeInstances();
        endpoints.failure = ApiException.noLeader();
        assertThat(ask("web.service.consul.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        endpoints.failure = ApiException.notFound("No path to datacenter");
        assertThat(ask("web.service.consul.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void disabledCompressionStillProducesAValidMessage() throws Exception {
        endpoints.add(instance(node1, service("web", "", 80), PASSING));
        config = new DnsConfig("consul.", "", "dc1", List.of("127.0.0.1"), 8600, true, Duration.ofHours(1), Duration.ZERO,
                Map.of(), 3, 0, false, false, Duration.ofSeconds(2), true, DnsConfig.Soa.DEFAULT, List.of(), true);
        Message m = ask("web.service.consul.", Type.SRV);
        assertThat(m.getSection(Section.ANSWER)).hasSize(1);
        assertThat(m.getSection(Section.ADDITIONAL)).hasSize(2);
    }

    @Test
    void weightsOfZeroAreKept() throws Exception {
        Service s = new Service("w", "w", "", List.of(), "", Map.of(), Map.of(), 1, new Weights(0, 0), false, 1, 1);
        endpoints.add(instance(node1, s, HealthStatus.PASSING));
        assertThat(((SRVRecord) ask("w.service.consul.", Type.SRV).getSection(Section.ANSWER).get(0)).getWeight()).isZero();
    }
}
