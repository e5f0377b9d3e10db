package io.muster.dns;

import io.muster.spi.model.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.muster.dns.FakeEndpoints.instance;
import static io.muster.dns.FakeEndpoints.node;
import static io.muster.dns.FakeEndpoints.service;
import static io.muster.spi.model.HealthStatus.CRITICAL;
import static io.muster.spi.model.HealthStatus.PASSING;
import static io.muster.spi.model.HealthStatus.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The frontend on a random loopback port, queried with dnsjava's SimpleResolver over UDP and TCP. */
class DnsFrontendSocketTest {
    private final FakeEndpoints endpoints = new FakeEndpoints();
    private final DnsFrontend frontend = new DnsFrontend();
    private final MapConfig config = new MapConfig().put("ports.dns", 0).put("addresses.dns", "127.0.0.1")
            .put("dns_config.enable_truncate", true);

    @AfterEach
    void stop() {
        frontend.stop();
    }

    private void start() throws Exception {
        frontend.start(new FakeAgentContext(config, endpoints));
        assertThat(frontend.port()).isPositive();
    }

    private SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), frontend.port()));
        r.setTCP(tcp);
        r.setIgnoreTruncation(true);
        r.setTimeout(Duration.ofSeconds(5));
        r.setEDNS(-1, 0, 0, List.of());
        return r;
    }

    private Message ask(boolean tcp, String name, int type) throws Exception {
        return resolver(tcp).send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private void catalog() {
        Node web1 = node("web1", "10.0.0.1", Map.of("zone", "a"));
        endpoints.add(instance(web1, service("web", "", 8080, "primary"), PASSING))
                .add(instance(node("web2", "10.0.0.2"), service("web", "", 8081), WARNING))
                .add(instance(node("web3", "10.0.0.3"), service("web", "", 8082), CRITICAL))
                .add(instance(web1, service("db", "10.5.0.9", 5432), PASSING));
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void answersEveryForm(boolean tcp) throws Exception {
        catalog();
        start();
        Message a = ask(tcp, "web.service.consul.", Type.A);
        assertThat(a.getSection(Section.ANSWER)).extracting(Record::rdataToString)
                .containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");

        Message srv = ask(tcp, "web.service.consul.", Type.SRV);
        assertThat(srv.getSection(Section.ANSWER)).extracting(r -> ((SRVRecord) r).getTarget().toString())
                .containsExactlyInAnyOrder("web1.node.dc1.consul.", "web2.node.dc1.consul.");

        assertThat(ask(tcp, "_web._primary.service.consul.", Type.SRV).getSection(Section.ANSWER))
                .extracting(r -> ((SRVRecord) r).getPort()).containsExactly(8080);
        assertThat(ask(tcp, "primary.web.service.dc1.consul.", Type.A).getSection(Section.ANSWER))
                .extracting(Record::rdataToString).containsExactly("10.0.0.1");

        SRVRecord db = (SRVRecord) ask(tcp, "db.service.consul.", Type.SRV).getSection(Section.ANSWER).get(0);
        assertThat(db.getTarget().toString()).isEqualTo("0a050009.addr.dc1.consul.");

        assertThat(ask(tcp, "web1.node.consul.", Type.A).getSection(Section.ANSWER)).extracting(Record::rdataToString)
                .containsExactly("10.0.0.1");
        assertThat(ask(tcp, "0a000002.addr.consul.", Type.A).getSection(Section.ANSWER))
                .extracting(Record::rdataToString).containsExactly("10.0.0.2");
        assertThat(ask(tcp, "1.0.0.10.in-addr.arpa.", Type.PTR).getSection(Section.ANSWER)).singleElement()
                .isInstanceOfSatisfying(PTRRecord.class, p -> assertThat(p.getTarget().toString()).isEqualTo("web1.node.dc1.consul."));

        Message missing = ask(tcp, "nothing.service.consul.", Type.A);
        assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(missing.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
        assertThat(ask(tcp, "web.connect.consul.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ask(tcp, "example.org.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void followsHealthChangesWithoutCaching() throws Exception {
        catalog();
        config.put("dns_config.only_passing", true);
        start();
        assertThat(ask(false, "web.service.consul.", Type.A).getSection(Section.ANSWER)).extracting(Record::rdataToString)
                .containsExactly("10.0.0.1");
        endpoints.instances.removeIf(i -> i.node().node().equals("web1") && i.service().service().equals("web"));
        endpoints.add(instance(node("web1", "10.0.0.1"), service("web", "", 8080), CRITICAL));
        Message gone = ask(false, "web.service.consul.", Type.A);
        assertThat(gone.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void truncatesUdpWithTcAndAnswersInFullOverTcp() throws Exception {
        for (int i = 1; i <= 30; i++) {
            endpoints.add(instance(node("n" + i, "10.2.0." + i), service("big", "", 80), PASSING));
        }
        start();
        Message udp = ask(false, "big.service.consul.", Type.SRV);
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.getSection(Section.ANSWER)).hasSize(3);
        Message tcp = ask(true, "big.service.consul.", Type.SRV);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(30);
    }

    @Test
    void forwardsOtherNamesToTheRecursorsInTurn() throws Exception {
        try (TinyDnsServer silent = new TinyDnsServer("192.0.2.1", true);
             TinyDnsServer upstream = new TinyDnsServer("192.0.2.7", false)) {
            config.put("recursors", List.of(silent.address(), upstream.address()))
                    .put("dns_config.recursor_timeout", "300ms");
            start();
            Message m = ask(false, "www.example.com.", Type.A);
            assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(m.getSection(Section.ANSWER)).singleElement().isInstanceOfSatisfying(ARecord.class,
                    a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("192.0.2.7"));
            assertThat(silent.queries.get()).isPositive();
            assertThat(upstream.queries.get()).isEqualTo(1);
            // recursion is advertised on the domain's answers too
            assertThat(ask(false, "x.service.consul.", Type.A).getHeader().getFlag(Flags.RA)).isTrue();
            // unknown reverse names go upstream as well
            assertThat(ask(true, "7.2.0.192.in-addr.arpa.", Type.PTR).getRcode()).isEqualTo(Rcode.NOERROR);
        }
    }

    @Test
    void answersServfailWhenEveryRecursorFails() throws Exception {
        try (TinyDnsServer silent = new TinyDnsServer("192.0.2.1", true)) {
            config.put("recursors", List.of(silent.address())).put("dns_config.recursor_timeout", "200ms");
            start();
            Message m = ask(false, "www.example.com.", Type.A);
            assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(m.getHeader().getFlag(Flags.RA)).isTrue();
        }
    }

    @Test
    void survivesABurstOfMalformedPackets() throws Exception {
        catalog();
        start();
        Random random = new Random(42);
        byte[] valid = Message.newQuery(Record.newRecord(Name.fromString("web.service.consul."), Type.A, DClass.IN)).toWire();
        try (DatagramChannel channel = DatagramChannel.open()) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", frontend.port());
            for (int i = 0; i < 1000; i++) {
                byte[] packet;
                switch (i % 4) {
                    case 0 -> packet = new byte[random.nextInt(600)];
                    case 1 -> packet = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
                    case 2 -> {
                        packet = valid.clone();
                        for (int j = 0; j < 4; j++) {
                            packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
                        }
                    }
                    default -> {
                        packet = valid.clone();
                        packet[5] = (byte) random.nextInt(256); // question count
                    }
                }
                if (i % 4 == 0) {
                    random.nextBytes(packet);
                }
                channel.send(ByteBuffer.wrap(packet), target);
            }
        }
        try (Socket socket = new Socket("127.0.0.1", frontend.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[]{0, 3, 1, 2, 3, 0, 20});
            out.write(new byte[20]);
            out.flush();
            InputStream in = socket.getInputStream();
            int length = (in.read() << 8) | in.read();
            Message formerr = new Message(in.readNBytes(length));
            assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        }
        for (boolean tcp : new boolean[]{false, true}) {
            Message m = ask(tcp, "web.service.consul.", Type.A);
            assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(m.getSection(Section.ANSWER)).hasSize(2);
        }
    }

    @Test
    void startFailsNamingTheAddressWhenThePortIsTaken() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            config.put("ports.dns", taken.getLocalPort());
            assertThatThrownBy(() -> frontend.start(new FakeAgentContext(config, endpoints)))
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("ports.dns");
            assertThat(frontend.port()).isEqualTo(-1);
        }
    }

    @Test
    void aNegativePortDisablesDns() throws Exception {
        config.put("ports.dns", -1);
        frontend.start(new FakeAgentContext(config, endpoints));
        assertThat(frontend.port()).isEqualTo(-1);
    }
}
