package io.muster.kernel.rpc;

import io.muster.kernel.agent.AntiEntropy;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.muster.kernel.rpc.RpcCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A client agent's anti-entropy registers its node and services on the servers through forwarded calls. */
class ClientAntiEntropyTest {
    private static final String SERVER = "10.0.0.1:8300";
    private static final String CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private final RpcCluster cluster = new RpcCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void theClientsNodeIsRegisteredWithItsOwnIdAndAddress() {
        RpcCluster.Server server = cluster.leader("s1", SERVER);
        DataApis client = cluster.client(List.of(SERVER), 1);
        Service web = new Service("web-1", "web", "", List.of("v1"), "", Map.of(), Map.of(), 8080, null, false, 0, 0);
        HealthCheck check = new HealthCheck("client-1", "service:web-1", "web alive", HealthStatus.PASSING, "", "ok",
                "web-1", "web", List.of("v1"), "ttl", Map.of(), 0, 0);
        AntiEntropy antiEntropy = new AntiEntropy(new AntiEntropy.NodeInfo(CLIENT_ID, "client-1", "10.0.1.7", "dc1",
                Map.of("lan", "10.0.1.7"), Map.of("rack", "r1")), client::catalog, client::health,
                () -> new AntiEntropy.LocalSnapshot(Map.of("web-1", web), Map.of("service:web-1", check)),
                cluster.clock, Duration.ofMinutes(5));

        await(antiEntropy.syncFull());

        NodeServices registered = await(server.local.catalog().node("client-1", QueryOptions.DEFAULT)).value()
                .orElseThrow();
        Node node = registered.node();
        assertThat(node.id()).isEqualTo(CLIENT_ID);
        assertThat(node.address()).isEqualTo("10.0.1.7");
        assertThat(node.meta()).containsEntry("rack", "r1");
        assertThat(registered.services()).extracting(Service::id).containsExactly("web-1");
        assertThat(await(server.local.health().node("client-1", QueryOptions.DEFAULT)).value())
                .extracting(HealthCheck::checkId).containsExactly("service:web-1");
        assertThat(cluster.transport.sent).extracting(InMemoryTransport.Sent::endpoint)
                .contains("catalog.node", "health.node", "catalog.register");
    }
}
