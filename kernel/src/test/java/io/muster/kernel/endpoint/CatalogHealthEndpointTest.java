package io.muster.kernel.endpoint;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.CatalogDeregistration;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Node;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.model.ServiceNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.muster.kernel.endpoint.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

class CatalogHealthEndpointTest {
    private final Harness h = new Harness();

    @BeforeEach
    void registerFleet() {
        h.register("n1", "10.0.0.1", Harness.service("web1", "web", "v1", "prod"), HealthStatus.PASSING,
                Map.of("rack", "a"));
        h.register("n2", "10.0.0.2", Harness.service("web2", "web", "v2", "prod"), HealthStatus.WARNING,
                Map.of("rack", "b"));
        h.register("n3", "10.0.0.3", Harness.service("db1", "db", "primary"), HealthStatus.CRITICAL, Map.of());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static QueryOptions meta(Map<String, String> m) {
        return new QueryOptions(null, Consistency.DEFAULT, 0, null, null, null, m, null);
    }

    @Test
    void catalogListingsWithTagAndNodeMetaFilters() {
        assertThat(await(h.plane.catalog().nodes(QueryOptions.DEFAULT)).value()).extracting(Node::node)
                .containsExactly("n1", "n2", "n3");
        assertThat(await(h.plane.catalog().nodes(meta(Map.of("rack", "b")))).value()).extracting(Node::node)
                .containsExactly("n2");
        assertThat(await(h.plane.catalog().services(QueryOptions.DEFAULT)).value())
                .containsEntry("web", List.of("prod", "v1", "v2")).containsEntry("db", List.of("primary"));
        assertThat(await(h.plane.catalog().services(meta(Map.of("rack", "a")))).value()).containsOnlyKeys("web");
        assertThat(await(h.plane.catalog().service("web", List.of("prod", "v2"), QueryOptions.DEFAULT)).value())
                .extracting(sn -> sn.service().id()).containsExactly("web2");
        assertThat(await(h.plane.catalog().service("web", List.of("PROD"), QueryOptions.DEFAULT)).value()).hasSize(2);
        assertThat(await(h.plane.catalog().node("n3", QueryOptions.DEFAULT)).value().orElseThrow().services())
                .extracting(s -> s.id()).containsExactly("db1");
        assertThat(await(h.plane.catalog().datacenters())).containsExactly("dc1");
    }

    @Test
    void healthServicePassingOnlyAndChecks() {
        assertThat(await(h.plane.health().service("web", List.of(), false, QueryOptions.DEFAULT)).value()).hasSize(2);
        assertThat(await(h.plane.health().service("web", List.of(), true, QueryOptions.DEFAULT)).value())
                .extracting(sh -> sh.node().node()).containsExactly("n1");
        assertThat(await(h.plane.health().service("web", List.of("v2"), false, QueryOptions.DEFAULT)).value())
                .extracting(ServiceHealth::aggregateStatus).containsExactly(HealthStatus.WARNING);
        assertThat(await(h.plane.health().checks("web", QueryOptions.DEFAULT)).value()).extracting(HealthCheck::checkId)
                .containsExactly("svc:web1", "svc:web2");
        assertThat(await(h.plane.health().node("n3", QueryOptions.DEFAULT)).value()).extracting(HealthCheck::checkId)
                .containsExactly("serfHealth", "svc:db1");
    }

    @Test
    void healthStateFiltersAndRejectsUnknownStates() {
        assertThat(await(h.plane.health().state("critical", QueryOptions.DEFAULT)).value())
                .extracting(HealthCheck::checkId).containsExactly("svc:db1");
        assertThat(await(h.plane.health().state("any", QueryOptions.DEFAULT)).value()).hasSize(6);
        assertThat(await(h.plane.health().state("passing", meta(Map.of("rack", "a")))).value()).hasSize(2);
        try {
            h.plane.health().state("sideways", QueryOptions.DEFAULT).toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected BAD_REQUEST");
        } catch (ExecutionException e) {
            assertThat(((ApiException) e.getCause()).kind()).isEqualTo(ApiException.Kind.BAD_REQUEST);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void blockingHealthQueryWakesWhenAnInstanceTurnsCriticalButNotForOtherServices() {
        QueryResult<List<ServiceHealth>> first = await(h.plane.health().service("web", List.of(), true,
                QueryOptions.DEFAULT));
        QueryOptions blocking = QueryOptions.DEFAULT.withMinIndex(first.index(), Duration.ofMinutes(5));
        CompletableFuture<QueryResult<List<ServiceHealth>>> waiting =
                h.plane.health().service("web", List.of(), true, blocking).toCompletableFuture();

        h.register("n3", "10.0.0.3", Harness.service("db1", "db", "primary"), HealthStatus.PASSING, Map.of());
        assertThat(waiting).isNotDone();

        h.register("n1", "10.0.0.1", Harness.service("web1", "web", "v1", "prod"), HealthStatus.CRITICAL,
                Map.of("rack", "a"));
        QueryResult<List<ServiceHealth>> woken = await(waiting);
        assertThat(woken.index()).isGreaterThan(first.index());
        assertThat(woken.value()).isEmpty();
    }

    @Test
    void registrationValidationAndDeregistration() {
        try {
            h.plane.catalog().register(new CatalogRegistration(null, "", "1.2.3.4", null, null, null, null, null, false),
                    WriteOptions.DEFAULT).toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a refusal");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).hasMessage("Must provide node");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        await(h.plane.catalog().deregister(new CatalogDeregistration("n2", null, "web2", null), WriteOptions.DEFAULT));
        assertThat(await(h.plane.catalog().service("web", List.of(), QueryOptions.DEFAULT)).value())
                .extracting(ServiceNode::node).extracting(Node::node).containsExactly("n1");
        await(h.plane.catalog().deregister(new CatalogDeregistration("n1", null, null, null), WriteOptions.DEFAULT));
        assertThat(await(h.plane.catalog().nodes(QueryOptions.DEFAULT)).value()).extracting(Node::node)
                .containsExactly("n2", "n3");
    }

    @Test
    void statusReportsTheLocalLeader() {
        assertThat(await(h.plane.status().leader())).isEqualTo("127.0.0.1:8300");
        assertThat(await(h.plane.status().peers())).containsExactly("127.0.0.1:8300");
    }

    private static QueryOptions near(String node) {
        return new QueryOptions(null, Consistency.DEFAULT, 0, null, null, node, Map.of(), null);
    }

    private void coordinates(Object... nodeAndX) {
        for (int i = 0; i < nodeAndX.length; i += 2) {
            await(h.plane.coordinate().update(CoordinateEndpointTest.coordinate((String) nodeAndX[i],
                    (Double) nodeAndX[i + 1]), WriteOptions.DEFAULT));
        }
    }

    @Test
    void nearSortsCatalogAndHealthListingsByEstimatedRtt() {
        coordinates("n1", 0.5, "n2", 0.1, "n3", 0.3);

        assertThat(await(h.plane.catalog().nodes(near("n2"))).value()).extracting(Node::node)
                .containsExactly("n2", "n3", "n1");
        assertThat(await(h.plane.catalog().service("web", List.of(), near("n2"))).value())
                .extracting(sn -> sn.node().node()).containsExactly("n2", "n1");
        assertThat(await(h.plane.health().service("web", List.of(), false, near("n2"))).value())
                .extracting(sh -> sh.node().node()).containsExactly("n2", "n1");
        assertThat(await(h.plane.health().service("web", List.of(), false, near("n1"))).value())
                .extracting(sh -> sh.node().node()).containsExactly("n1", "n2");
    }

    @Test
    void nearAgentMeansThisAgentsNode() {
        h.register(Harness.SELF.nodeName(), "10.0.0.9", null, HealthStatus.PASSING, Map.of());
        coordinates("n1", 0.5, "n2", 0.1, "n3", 0.3, Harness.SELF.nodeName(), 0.45);

        assertThat(await(h.plane.catalog().nodes(near("_agent"))).value()).extracting(Node::node)
                .containsExactly(Harness.SELF.nodeName(), "n1", "n3", "n2");
    }

    @Test
    void nodesWithoutACoordinateComeLastInTheirUsualOrder() {
        coordinates("n3", 0.3);

        assertThat(await(h.plane.catalog().nodes(near("n3"))).value()).extracting(Node::node)
                .containsExactly("n3", "n1", "n2");
    }

    @Test
    void anUnknownNearNodeOrOneWithoutACoordinateLeavesTheListingUnsorted() {
        coordinates("n1", 0.5, "n3", 0.3);

        assertThat(await(h.plane.catalog().nodes(near("ghost"))).value()).extracting(Node::node)
                .containsExactly("n1", "n2", "n3");
        assertThat(await(h.plane.catalog().nodes(near("n2"))).value()).extracting(Node::node)
                .containsExactly("n1", "n2", "n3");
        assertThat(await(h.plane.health().service("web", List.of(), false, near("n2"))).value())
                .extracting(sh -> sh.node().node()).containsExactly("n1", "n2");
        assertThat(await(h.plane.catalog().nodes(near(""))).value()).extracting(Node::node)
                .containsExactly("n1", "n2", "n3");
    }
}
