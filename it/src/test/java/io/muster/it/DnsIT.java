package io.muster.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real DNS queries (dnsjava over UDP and TCP, and dig where installed) against a dev agent process. */
class DnsIT {
    private static final String ADDRESS = "127.0.0.41";
    private static final String RECURSOR = "127.0.0.42";

    @TempDir
    static Path work;
    static AgentProcess agent;
    static TinyDnsServer upstream;

    @BeforeAll
    static void start() throws Exception {
        upstream = TinyDnsServer.start(RECURSOR, "example.org.", "192.0.2.7");
        agent = AgentProcess.dev(work, ADDRESS, "-recursor", RECURSOR + ":" + upstream.port());
        // Two instances of web on two catalog nodes, one with a TTL check the test flips.
        registerCatalog("web-node-1", "127.0.1.1", "web", 8080, List.of("rails"));
        registerCatalog("web-node-2", "127.0.1.2", "web", 8081, List.of("django"));
        assertThat(agent.put("/v1/agent/service/register",
                "{\"Name\":\"api\",\"Port\":9000,\"Check\":{\"CheckID\":\"api-ttl\",\"TTL\":\"10m\",\"Status\":\"passing\"}}")
                .statusCode()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            registerCatalog("many-" + i, "127.0.2." + (i + 1), "many", 7000 + i, List.of());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static void registerCatalog(String node, String address, String service, int port, List<String> tags)
            throws IOException {
        String tagJson = tags.isEmpty() ? "[]" : "[\"" + String.join("\",\"", tags) + "\"]";
        String body = "{\"Node\":\"" + node + "\",\"Address\":\"" + address + "\",\"Service\":{\"Service\":\"" + service
                + "\",\"Port\":" + port + ",\"Tags\":" + tagJson + "}}";
        assertThat(agent.put("/v1/catalog/register", body).statusCode()).isEqualTo(200);
    }

    private static Message query(String name, int type, boolean tcp) throws IOException {
        return query(name, type, tcp, true);
    }

    /** dnsjava adds EDNS0 (payload 1280) by default; without it a UDP answer must fit 512 bytes. */
    private static Message query(String name, int type, boolean tcp, boolean edns) throws IOException {
        SimpleResolver resolver = new SimpleResolver(ADDRESS);
        if (!edns) {
            resolver.setEDNS(-1);
        }
        resolver.setPort(8600);
        resolver.setTCP(tcp);
        resolver.setIgnoreTruncation(true);
        resolver.setTimeout(Duration.ofSeconds(3));
        Record question = Record.newRecord(Name.fromString(name), type, DClass.IN);
        return resolver.send(Message.newQuery(question));
    }

    @Test
    void nodeLookupAnswersTheAgentsAddress() throws Exception {
        for (boolean tcp : new boolean[] {false, true}) {
            Message m = query("node-127-0-0-41.node.consul.", Type.A, tcp);
            assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(m.getSection(Section.ANSWER)).singleElement()
                    .satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo(ADDRESS));
            Message withDc = query("node-127-0-0-41.node.dc1.consul.", Type.A, tcp);
            assertThat(withDc.getSection(Section.ANSWER)).hasSize(1);
        }
    }

    @Test
    void serviceSrvCarriesTargetsAndTheirAddresses() throws Exception {
        Message m = query("web.service.consul.", Type.SRV, false);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        List<Record> answers = m.getSection(Section.ANSWER);
        assertThat(answers).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(SRVRecord.class));
        assertThat(answers).extracting(r -> ((SRVRecord) r).getPort()).containsExactlyInAnyOrder(8080, 8081);
        assertThat(m.getSection(Section.ADDITIONAL)).filteredOn(r -> r.getType() == Type.A)
                .extracting(r -> ((ARecord) r).getAddress().getHostAddress())
                .containsExactlyInAnyOrder("127.0.1.1", "127.0.1.2");
    }

    @Test
    void tagAndRfc2782FormsFilter() throws Exception {
        assertThat(query("rails.web.service.consul.", Type.A, false).getSection(Section.ANSWER))
                .singleElement().satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("127.0.1.1"));
        assertThat(query("_web._django.service.consul.", Type.SRV, false).getSection(Section.ANSWER))
                .singleElement().satisfies(r -> assertThat(((SRVRecord) r).getPort()).isEqualTo(8081));
        assertThat(query("_web._tcp.service.consul.", Type.SRV, true).getSection(Section.ANSWER)).hasSize(2);
        assertThat(query("WEB.Service.CONSUL.", Type.A, false).getSection(Section.ANSWER)).hasSize(2);
    }

    @Test
    void preparedQueryNamesAnswerLikeServices() throws Exception {
        HttpResponse<String> created = agent.send(java.net.http.HttpRequest.newBuilder(agent.uri("/v1/query"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"Name\":\"rails-web\",\"Service\":{\"Service\":\"web\",\"Tags\":[\"rails\"]}}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        Message m = query("rails-web.query.consul.", Type.SRV, false);
        assertThat(m.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(((SRVRecord) r).getPort()).isEqualTo(8080));
        assertThat(query("no-such-query.query.consul.", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void addrFormDecodesHex() throws Exception {
        Message m = query("7f000101.addr.dc1.consul.", Type.A, false);
        assertThat(m.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("127.0.1.1"));
    }

    @Test
    void unknownNameIsNxdomainWithSoa() throws Exception {
        Message m = query("nope.service.consul.", Type.A, false);
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(m.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void failingTtlCheckHidesTheInstanceAndPassingShowsIt() throws Exception {
        assertThat(query("api.service.consul.", Type.A, false).getSection(Section.ANSWER)).hasSize(1);
        assertThat(agent.put("/v1/agent/check/fail/api-ttl", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(query("api.service.consul.", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN));
        assertThat(agent.put("/v1/agent/check/pass/api-ttl", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(query("api.service.consul.", Type.A, false).getSection(Section.ANSWER)).hasSize(1));
    }

    @Test
    void largeUdpAnswersAreTrimmedAndTcpAnswersAreComplete() throws Exception {
        Message udp = query("many.service.consul.", Type.SRV, false, false);
        Message tcp = query("many.service.consul.", Type.SRV, true);
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(20);
        assertThat(udp.getSection(Section.ANSWER).size()).isLessThan(20);
        // Without enable_truncate (Consul's default) the answer is trimmed to fit, without the TC flag.
        assertThat(udp.toWire().length).isLessThanOrEqualTo(512);
    }

    @Test
    void namesOutsideTheDomainGoToTheRecursor() throws Exception {
        Message m = query("www.example.org.", Type.A, false);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("192.0.2.7"));
    }

    @Test
    void malformedPacketsNeverStopTheListener() throws Exception {
        Random random = new Random(42);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            InetAddress target = InetAddress.getByName(ADDRESS);
            for (int i = 0; i < 500; i++) {
                byte[] junk = new byte[random.nextInt(600)];
                random.nextBytes(junk);
                socket.send(new DatagramPacket(junk, junk.length, target, 8600));
            }
        }
        // The listener works through the burst (a cold JVM takes about a second for it), then answers again.
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() ->
                assertThat(query("web.service.consul.", Type.A, false).getSection(Section.ANSWER)).hasSize(2));
    }

    @Test
    void digAgreesWhereInstalled() throws Exception {
        Path dig = Path.of("/usr/bin/dig");
        org.junit.jupiter.api.Assumptions.assumeTrue(dig.toFile().canExecute(), "dig is not installed");
        Process p = new ProcessBuilder(dig.toString(), "@" + ADDRESS, "-p", "8600", "web.service.consul", "SRV", "+short")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out.lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).matches("\\d+ \\d+ 808[01] .*\\.node\\.dc1\\.consul\\."));
    }

    /** A minimal authoritative UDP server for one name, standing in for an upstream recursor. */
    static final class TinyDnsServer implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;

        private TinyDnsServer(DatagramSocket socket, String zone, String address) {
            this.socket = socket;
            this.thread = new Thread(() -> serve(zone, address), "tiny-dns");
            thread.setDaemon(true);
            thread.start();
        }

        static TinyDnsServer start(String bind, String zone, String address) throws IOException {
            return new TinyDnsServer(new DatagramSocket(new InetSocketAddress(bind, 0)), zone, address);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(String zone, String address) {
            byte[] buf = new byte[1500];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buf, buf.length);
                    socket.receive(packet);
                    Message q = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                    if (q.getQuestion() == null) {
                        continue;
                    }
                    Message r = new Message(q.getHeader().getID());
                    r.getHeader().setFlag(Flags.QR);
                    r.addRecord(q.getQuestion(), Section.QUESTION);
                    Name name = q.getQuestion().getName();
                    if (name.subdomain(Name.fromString(zone))) {
                        r.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName(address)), Section.ANSWER);
                    } else {
                        r.getHeader().setRcode(Rcode.NXDOMAIN);
                    }
                    byte[] wire = r.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                } catch (IOException e) {
                    if (socket.isClosed()) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
