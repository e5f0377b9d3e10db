package io.muster.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsConfigTest {
    @Test
    void defaultsFollowConsul() {
        DnsConfig c = DnsConfig.from(new MapConfig(), "DC1");
        assertThat(c.domain()).isEqualTo("consul.");
        assertThat(c.datacenter()).isEqualTo("dc1");
        assertThat(c.bindAddresses()).containsExactly("127.0.0.1");
        assertThat(c.port()).isEqualTo(8600);
        assertThat(c.allowStale()).isTrue();
        assertThat(c.udpAnswerLimit()).isEqualTo(3);
        assertThat(c.recursorTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.soa()).isEqualTo(new DnsConfig.Soa(3600, 600, 86400, 0));
        assertThat(c.nodeMetaTxt()).isTrue();
        assertThat(c.recursors()).isEmpty();
    }

    @Test
    void readsConsulKeys() {
        MapConfig m = new MapConfig().put("domain", ".Example.").put("alt_domain", "alt.test").put("client_addr", "127.0.0.2 127.0.0.3")
                .put("ports.dns", 53).put("dns_config.service_ttl.*", "5s").put("dns_config.service_ttl.web", "1m30s")
                .put("dns_config.udp_answer_limit", 5).put("dns_config.soa.min_ttl", 30)
                .put("recursors", List.of("1.1.1.1", "8.8.8.8:5353", "[2001:db8::1]:54", "2001:db8::2"));
        DnsConfig c = DnsConfig.from(m, "dc1");
        assertThat(c.domain()).isEqualTo("example.");
        assertThat(c.altDomain()).isEqualTo("alt.test.");
        assertThat(c.bindAddresses()).containsExactly("127.0.0.2", "127.0.0.3");
        assertThat(c.port()).isEqualTo(53);
        assertThat(c.serviceTtl()).isEqualTo(Map.of("*", Duration.ofSeconds(5), "web", Duration.ofSeconds(90)));
        assertThat(c.udpAnswerLimit()).isEqualTo(5);
        assertThat(c.soa().minTtl()).isEqualTo(30);
        assertThat(c.recursors()).extracting(InetSocketAddress::getPort).containsExactly(53, 5353, 54, 53);
        assertThat(DnsConfig.from(m.put("addresses.dns", "0.0.0.0"), "dc1").bindAddresses()).containsExactly("0.0.0.0");
    }

    @Test
    void badRecursorsAndDurationsNameTheKey() {
        assertThatThrownBy(() -> DnsConfig.from(new MapConfig().put("recursors", List.of("1.1.1.1:99999")), "dc1"))
                .hasMessageContaining("recursors").hasMessageContaining("1.1.1.1:99999");
        assertThatThrownBy(() -> DnsConfig.from(new MapConfig().put("dns_config.service_ttl.web", "soon"), "dc1"))
                .hasMessageContaining("dns_config.service_ttl.web").hasMessageContaining("soon");
    }

    @ParameterizedTest
    @CsvSource({"10s,10000", "1m30s,90000", "1.5h,5400000", "250ms,250", "1000000,1", "0s,0"})
    void parsesGoDurations(String text, long millis) {
        assertThat(GoDuration.parse(text, "k").toMillis()).isEqualTo(millis);
    }

    @Test
    void debugLogIsRateLimited() {
        MutableClock clock = new MutableClock();
        CountingLogger logger = new CountingLogger();
        DebugLog log = new DebugLog(logger.logger, clock, Duration.ofSeconds(1));
        assertThat(log.log("a")).isTrue();
        assertThat(log.log("b")).isFalse();
        clock.now = clock.now.plusMillis(999);
        assertThat(log.log("c")).isFalse();
        clock.now = clock.now.plusMillis(1);
        assertThat(log.log("d")).isTrue();
        assertThat(logger.messages).containsExactly("a", "(2 similar messages suppressed)", "d");
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.ofEpochSecond(1000);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A Logger with debug enabled that records each debug line, formatted. */
    private static final class CountingLogger {
        final java.util.List<String> messages = new java.util.ArrayList<>();
        final org.slf4j.Logger logger = (org.slf4j.Logger) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{org.slf4j.Logger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("isDebugEnabled") && (args == null || args.length == 0)) {
                        return true;
                    }
                    if (method.getName().equals("debug") && args != null && args[0] instanceof String format) {
                        Object[] values = args.length > 1 && args[1] instanceof Object[] array ? array
                                : java.util.Arrays.copyOfRange(args, 1, args.length);
                        String line = format;
                        for (Object v : values) {
                            line = line.replaceFirst("\\{}", String.valueOf(v));
                        }
                        messages.add(line);
                        return null;
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }
}
