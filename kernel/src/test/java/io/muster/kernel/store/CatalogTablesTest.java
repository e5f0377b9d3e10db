package io.muster.kernel.store;

import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.store.StoreException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.muster.kernel.store.StoreFixtures.check;
import static io.muster.kernel.store.StoreFixtures.node;
import static io.muster.kernel.store.StoreFixtures.service;
import static io.muster.kernel.store.StoreFixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTablesTest {
    private final MemoryStateStore store = new MemoryStateStore();

    private java.util.Optional<io.muster.spi.model.KvEntry> opt(long index,
            java.util.function.Function<io.muster.spi.store.StoreWriter, java.util.Optional<io.muster.spi.model.KvEntry>> body) {
        return store.write(index, body);
    }

    private boolean bool(long index, java.util.function.Function<io.muster.spi.store.StoreWriter, Boolean> body) {
        return store.write(index, body);
    }

    private void registerWeb(long index, String nodeName, String serviceId) {
        store.write(index, w -> {
            w.ensureNode(node(nodeName, "10.0.0." + index));
            w.ensureService(nodeName, service(serviceId, "web", "v1", "prod"));
            w.ensureCheck(check(nodeName, "chk-" + serviceId, serviceId, HealthStatus.PASSING));
            return null;
        });
    }

    @Test
    void serviceNamesMatchCaseInsensitivelyAndWakeTheSameWatchers() {
        registerWeb(5, "n1", "web1");
        assertThat(store.serviceNodes("WEB").value()).singleElement()
                .satisfies(sn -> assertThat(sn.service().service()).isEqualTo("web"));
        var watch = store.serviceNodes("Web").watch();
        java.util.concurrent.atomic.AtomicBoolean woke = new java.util.concurrent.atomic.AtomicBoolean();
        watch.onChange(() -> woke.set(true));
        registerWeb(6, "n2", "web2");
        assertThat(woke).isTrue();
        assertThat(store.serviceNodes("wEb").value()).hasSize(2);
    }

    @Test
    void registrationSetsIndexesPerTableAndPerService() {
        registerWeb(5, "n1", "web1");
        store.write(6, w -> {
            w.ensureNode(node("n2", "10.0.0.2"));
            w.ensureService("n2", service("db1", "db"));
            return null;
        });

        assertThat(store.nodes().index()).isEqualTo(6);
        assertThat(store.serviceNodes("web").index()).isEqualTo(5);
        assertThat(store.serviceNodes("db").index()).isEqualTo(6);
        assertThat(store.serviceNodes("web").value()).singleElement()
                .satisfies(sn -> assertThat(sn.service().createIndex()).isEqualTo(5));
        assertThat(store.nodeServices("n1").value().orElseThrow().services()).extracting(s -> s.id())
                .containsExactly("web1");
        HealthCheck c = store.nodeChecks("n1").value().get(0);
        assertThat(c.serviceName()).isEqualTo("web");
        assertThat(c.serviceTags()).containsExactly("v1", "prod");
    }

    @Test
    void unchangedReRegistrationDoesNotMoveIndexes() {
        registerWeb(5, "n1", "web1");
        store.write(9, w -> {
            w.ensureNode(node("n1", "10.0.0.5"));
            w.ensureService("n1", service("web1", "web", "v1", "prod"));
            w.ensureCheck(check("n1", "chk-web1", "web1", HealthStatus.PASSING));
            return null;
        });
        assertThat(store.serviceHealth("web").index()).isEqualTo(5);
        assertThat(store.nodes().index()).isEqualTo(5);
    }

    @Test
    void checkChangeMovesOnlyItsServiceAndNodeIndexes() {
        registerWeb(5, "n1", "web1");
        store.write(6, w -> {
            w.ensureService("n1", service("api1", "api"));
            return null;
        });
        store.write(8, w -> w.ensureCheck(check("n1", "chk-web1", "web1", HealthStatus.CRITICAL)));

        assertThat(store.serviceHealth("web").index()).isEqualTo(8);
        assertThat(store.serviceHealth("api").index()).isEqualTo(6);
        assertThat(store.nodeChecks("n1").index()).isEqualTo(8);
        assertThat(store.checksInState(Optional.of(HealthStatus.CRITICAL)).value()).extracting(HealthCheck::checkId)
                .containsExactly("chk-web1");
        assertThat(store.serviceHealth("web").value()).singleElement()
                .extracting(ServiceHealth::aggregateStatus).isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void nodeCheckIsPartOfEveryServiceOnTheNode() {
        registerWeb(5, "n1", "web1");
        store.write(6, w -> w.ensureCheck(check("n1", "serfHealth", "", HealthStatus.WARNING)));
        assertThat(store.serviceHealth("web").value().get(0).checks()).extracting(HealthCheck::checkId)
                .containsExactlyInAnyOrder("chk-web1", "serfHealth");
        assertThat(store.serviceChecks("web").value()).extracting(HealthCheck::checkId).containsExactly("chk-web1");
        assertThat(store.serviceHealth("web").index()).isEqualTo(6);
    }

    @Test
    void missingNodeOrServiceIsRefusedWithConsulsText() {
        assertThatThrownBy(() -> store.write(1, w -> w.ensureService("ghost", service("s", "s"))))
                .isInstanceOf(StoreException.class).hasMessage("Missing node registration");
        store.write(2, w -> w.ensureNode(node("n1", "10.0.0.1")));
        assertThatThrownBy(() -> store.write(3, w -> w.ensureCheck(check("n1", "c", "nope", HealthStatus.PASSING))))
                .isInstanceOf(StoreException.class).hasMessage("Missing service registration");
    }

    @Test
    void deletingANodeRemovesItsServicesChecksAndSessions() {
        registerWeb(5, "n1", "web1");
        store.write(6, w -> w.createSession(session("s1", "n1", "release", List.of())));
        store.write(7, w -> w.deleteNode("n1"));

        assertThat(store.nodes().value()).isEmpty();
        assertThat(store.serviceNodes("web").value()).isEmpty();
        assertThat(store.serviceNodes("web").index()).isEqualTo(7);
        assertThat(store.nodeChecks("n1").value()).isEmpty();
        assertThat(store.session("s1").value()).isEmpty();
        assertThat(store.sessions().index()).isEqualTo(7);
    }

    @Test
    void deletingAServiceRemovesItsChecks() {
        registerWeb(5, "n1", "web1");
        assertThat(bool(6, w -> w.deleteService("n1", "web1"))).isTrue();
        assertThat(store.nodeChecks("n1").value()).isEmpty();
        assertThat(store.nodeServices("n1").index()).isEqualTo(6);
        assertThat(bool(7, w -> w.deleteService("n1", "web1"))).isFalse();
    }
}
