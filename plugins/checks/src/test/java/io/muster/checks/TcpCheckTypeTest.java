package io.muster.checks;

import io.muster.spi.check.CheckResult;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcpCheckTypeTest {
    private final TcpCheckType type = new TcpCheckType();
    private final TestEnvironment env = new TestEnvironment();

    @AfterEach
    void close() {
        env.close();
    }

    private CheckResult run(String target) {
        CheckDefinition def = TestEnvironment.check("db", Duration.ofSeconds(10), Duration.ofSeconds(2), Map.of("tcp", target));
        type.validate(def, env, false);
        return type.create(def, env).run().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void anOpenPortIsPassing() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String target = "127.0.0.1:" + server.getLocalPort();
            CheckResult r = run(target);
            assertThat(r).isEqualTo(CheckResult.passing("TCP connect " + target + ": Success"));
        }
    }

    @Test
    void aClosedPortIsCritical() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0)) {
            port = server.getLocalPort();
        }
        CheckResult r = run("127.0.0.1:" + port);
        assertThat(r.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(r.output()).startsWith("TCP connect 127.0.0.1:" + port + ": ");
    }

    @Test
    void targetsMustBeHostAndPort() {
        assertThatThrownBy(() -> type.validate(TestEnvironment.check("db", Duration.ofSeconds(1), null,
                Map.of("tcp", "localhost")), env, false)).hasMessageContaining("must be host:port");
        assertThatThrownBy(() -> type.validate(TestEnvironment.check("db", Duration.ofSeconds(1), null,
                Map.of("tcp", "localhost:99999")), env, false)).hasMessageContaining("between 1 and 65535");
        assertThat(TcpCheckType.HostPort.parse("[::1]:22", "x")).isEqualTo(new TcpCheckType.HostPort("::1", 22));
    }
}
