package io.muster.kernel.store;

import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;
import io.muster.spi.model.Session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Small builders shared by the store tests. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Node node(String name, String address) {
        return new Node("id-" + name, name, address, "dc1", Map.of(), Map.of(), 0, 0);
    }

    static Service service(String id, String name, String... tags) {
        return new Service(id, name, "", List.of(tags), "", Map.of(), Map.of(), 80, null, false, 0, 0);
    }

    static HealthCheck check(String node, String id, String serviceId, HealthStatus status) {
        return new HealthCheck(node, id, id, status, "", "", serviceId, "", List.of(), "", Map.of(), 0, 0);
    }

    static Session session(String id, String node, String behavior, List<String> checks) {
        return new Session(id, "", node, checks, List.of(), Duration.ofSeconds(15), behavior, null, 0, 0);
    }
}
