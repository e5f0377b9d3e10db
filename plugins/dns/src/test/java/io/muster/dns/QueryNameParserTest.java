package io.muster.dns;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class QueryNameParserTest {
    private static final QueryName.Locality LOCAL = QueryName.Locality.LOCAL;
    private static final QueryName.Locality DC2 = new QueryName.Locality("dc2", "");

    private final QueryNameParser parser = new QueryNameParser(DnsConfig.defaults("dc1").withAltDomain("example.internal"));

    static Stream<Arguments> forms() throws Exception {
        return Stream.of(
                arguments("web.service.consul.", Type.A, new QueryName.Service("web", "", LOCAL)),
                arguments("WEB.Service.CONSUL.", Type.A, new QueryName.Service("WEB", "", LOCAL)),
                arguments("web.service.dc2.consul.", Type.A, new QueryName.Service("web", "", DC2)),
                arguments("web.service.DC2.dc.consul.", Type.A, new QueryName.Service("web", "", DC2)),
                arguments("web.service.other.peer.consul.", Type.A, new QueryName.Service("web", "", new QueryName.Locality("", "other"))),
                arguments("primary.web.service.consul.", Type.SRV, new QueryName.Service("web", "primary", LOCAL)),
                arguments("v1.primary.web.service.consul.", Type.A, new QueryName.Service("web", "v1.primary", LOCAL)),
                arguments("_web._tcp.service.consul.", Type.SRV, new QueryName.Service("web", "", LOCAL)),
                arguments("_web._primary.service.dc2.consul.", Type.SRV, new QueryName.Service("web", "primary", DC2)),
                arguments("_web._tcp.consul.", Type.SRV, new QueryName.Service("web", "", LOCAL)),
                arguments("_web._tcp.dc2.consul.", Type.SRV, new QueryName.Service("web", "", DC2)),
                arguments("_web._tcp.consul.", Type.A, new QueryName.Invalid()),
                arguments("web.service.example.internal.", Type.A, new QueryName.Service("web", "", LOCAL)),
                arguments("web.service.a.b.c.consul.", Type.A, new QueryName.Invalid()),
                arguments("service.consul.", Type.A, new QueryName.Invalid()),
                arguments("node1.node.consul.", Type.A, new QueryName.NodeName("node1", LOCAL)),
                arguments("node1.node.dc2.consul.", Type.A, new QueryName.NodeName("node1", DC2)),
                arguments("host.example.node.consul.", Type.A, new QueryName.NodeName("host.example", LOCAL)),
                arguments("7f000001.addr.consul.", Type.A, new QueryName.Addr("7f000001", LOCAL)),
                arguments("7F000001.addr.dc2.consul.", Type.A, new QueryName.Addr("7f000001", DC2)),
                arguments("a.b.addr.consul.", Type.A, new QueryName.Invalid()),
                arguments("web.connect.consul.", Type.A, new QueryName.Unsupported("connect")),
                arguments("web.ingress.consul.", Type.A, new QueryName.Unsupported("ingress")),
                arguments("geo.query.consul.", Type.SRV, new QueryName.PreparedQuery("geo", LOCAL)),
                arguments("geo.query.dc2.consul.", Type.A, new QueryName.PreparedQuery("geo", DC2)),
                arguments("web.virtual.consul.", Type.A, new QueryName.Unsupported("virtual")),
                arguments("consul.", Type.A, new QueryName.Invalid()),
                arguments("nothing.consul.", Type.A, new QueryName.Invalid()),
                arguments("1.0.0.127.in-addr.arpa.", Type.PTR,
                        new QueryName.Reverse(Optional.of(InetAddress.getByName("127.0.0.1")))),
                arguments("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.", Type.PTR,
                        new QueryName.Reverse(Optional.of(InetAddress.getByName("::1")))),
                arguments("bogus.in-addr.arpa.", Type.PTR, new QueryName.Reverse(Optional.empty())),
                arguments("example.com.", Type.A, new QueryName.Outside()),
                arguments("consul.example.com.", Type.A, new QueryName.Outside()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forms")
    void parses(String name, int qtype, QueryName expected) throws Exception {
        assertThat(parser.parse(Name.fromString(name), qtype)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("domains")
    void picksTheResponseDomain(String name, String domain) throws Exception {
        assertThat(parser.responseDomain(Name.fromString(name))).isEqualTo(domain);
    }

    static Stream<Arguments> domains() {
        return Stream.of(arguments("web.service.consul.", "consul."),
                arguments("web.service.EXAMPLE.internal.", "example.internal."),
                arguments("example.com.", "consul."));
    }
}
