package io.muster.kernel.agent;

import io.muster.kernel.testing.MutableClock;
import io.muster.spi.api.CatalogDeregistration;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Service;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AntiEntropyTest {
    private final MutableClock clock = new MutableClock();
    private final FakeCatalog remote = new FakeCatalog();
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private final AntiEntropy ae = new AntiEntropy(
            new AntiEntropy.NodeInfo("id-1", "node-a", "10.0.0.1", "dc1", Map.of("lan", "10.0.0.1"), Map.of("rack", "r1")),
            () -> remote.catalog, () -> remote.health,
            () -> new AntiEntropy.LocalSnapshot(Map.copyOf(services), Map.copyOf(checks)), clock, Duration.ofMinutes(5));

    private static Service service(String id) {
        return new Service(id, "web", "", List.of("v1"), "", Map.of(), Map.of(), 80, null, false, 0, 0);
    }

    private static HealthCheck check(String id, String serviceId, HealthStatus status, String output) {
        return new HealthCheck("node-a", id, id, status, "", output, serviceId, serviceId.isEmpty() ? "" : "web",
                List.of(), "ttl", Map.of(), 0, 0);
    }

    private void sync() {
        ae.syncChanges().toCompletableFuture().join();
    }

    @Test
    void fullSyncRegistersTheNodeAndLocalEntriesAndRemovesStrangersButNotSerfHealth() {
        remote.catalog.register(new CatalogRegistration("id-1", "node-a", "10.0.0.1", "dc1", Map.of("lan", "10.0.0.1"),
                Map.of("rack", "r1"), service("stale"), List.of(check("serfHealth", "", HealthStatus.PASSING, "Agent alive"),
                check("old", "", HealthStatus.PASSING, "")), false), null);
        remote.writes.clear();
        services.put("web1", service("web1"));
        checks.put("service:web1", check("service:web1", "web1", HealthStatus.CRITICAL, ""));
        checks.put("mem", check("mem", "", HealthStatus.PASSING, "ok"));

        ae.syncFull().toCompletableFuture().join();

        assertThat(remote.services).containsOnlyKeys("web1");
        assertThat(remote.checks).containsOnlyKeys("serfHealth", "service:web1", "mem");
        assertThat(remote.writes).contains(new CatalogDeregistration("node-a", "dc1", "stale", null),
                new CatalogDeregistration("node-a", "dc1", null, "old"));
        assertThat(remote.node.meta()).containsEntry("rack", "r1");
        remote.writes.clear();
        sync();
        assertThat(remote.writes).as("nothing changed, nothing written").isEmpty();
    }

    @Test
    void statusChangesSyncAtOnceButOutputOnlyChangesWaitForCheckUpdateInterval() {
        checks.put("mem", check("mem", "", HealthStatus.PASSING, "used 10%"));
        ae.syncFull().toCompletableFuture().join();
        remote.writes.clear();

        checks.put("mem", check("mem", "", HealthStatus.PASSING, "used 11%"));
        sync();
        assertThat(remote.writes).isEmpty();
        assertThat(ae.deferredUntil()).contains(clock.instant().plus(Duration.ofMinutes(5)));

        checks.put("mem", check("mem", "", HealthStatus.CRITICAL, "used 99%"));
        sync();
        assertThat(remote.checks.get("mem").status()).isEqualTo(HealthStatus.CRITICAL);
        remote.writes.clear();

        checks.put("mem", check("mem", "", HealthStatus.CRITICAL, "used 98%"));
        sync();
        assertThat(remote.writes).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        sync();
        assertThat(remote.checks.get("mem").output()).isEqualTo("used 98%");
    }

    @Test
    void fullSyncLeavesTheLeadersConsulServiceAlone() {
        remote.catalog.register(new CatalogRegistration("id-1", "node-a", "10.0.0.1", "dc1", Map.of(), Map.of(),
                service("consul"), List.of(), false), null);
        remote.writes.clear();

        ae.syncFull().toCompletableFuture().join();

        assertThat(remote.services).containsKey("consul");
        assertThat(remote.writes).noneMatch(w -> w instanceof CatalogDeregistration);
    }

    @Test
    void deregisteringLocallyRemovesFromTheCatalog() {
        services.put("web1", service("web1"));
        checks.put("service:web1", check("service:web1", "web1", HealthStatus.PASSING, ""));
        ae.syncFull().toCompletableFuture().join();
        services.clear();
        checks.clear();
        sync();
        assertThat(remote.services).isEmpty();
        assertThat(remote.checks).isEmpty();
    }

    @Test
    void changesBehindTheAgentsBackAreRepairedByTheFullSync() {
        services.put("web1", service("web1"));
        ae.syncFull().toCompletableFuture().join();
        remote.services.put("web1", new Service("web1", "web", "", List.of("hacked"), "", Map.of(), Map.of(), 80, null, false, 5, 5));
        sync();
        assertThat(remote.services.get("web1").tags()).containsExactly("hacked");
        ae.syncFull().toCompletableFuture().join();
        assertThat(remote.services.get("web1").tags()).containsExactly("v1");
    }

    @Test
    void fullSyncIntervalScalesWithClusterSize() {
        assertThat(AntiEntropy.scaleFactor(1)).isEqualTo(1);
        assertThat(AntiEntropy.scaleFactor(128)).isEqualTo(1);
        assertThat(AntiEntropy.scaleFactor(256)).isEqualTo(2);
        assertThat(AntiEntropy.scaleFactor(257)).isEqualTo(3);
        assertThat(AntiEntropy.scaleFactor(1024)).isEqualTo(4);
    }
}
