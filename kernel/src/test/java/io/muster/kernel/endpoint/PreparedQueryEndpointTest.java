package io.muster.kernel.endpoint;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.PreparedQueryExecution;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.PreparedQuery;
import io.muster.spi.model.ServiceHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.muster.kernel.endpoint.Harness.await;
import static io.muster.kernel.endpoint.Harness.failure;
import static org.assertj.core.api.Assertions.assertThat;

class PreparedQueryEndpointTest {
    private final Harness h = new Harness();

    @BeforeEach
    void catalog() {
        h.register("n1", "10.0.0.1", Harness.service("redis1", "redis", "primary", "v1"), HealthStatus.PASSING,
                Map.of("rack", "a"));
        h.register("n2", "10.0.0.2", Harness.service("redis2", "redis", "replica", "v1"), HealthStatus.WARNING,
                Map.of("rack", "b"));
        h.register("n3", "10.0.0.3", Harness.service("redis3", "redis", "replica"), HealthStatus.CRITICAL,
                Map.of("rack", "b"));
        h.register("n4", "10.0.0.4", Harness.service("web1", "web-prod", "blue"), HealthStatus.PASSING, Map.of());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private String create(Map<String, Object> body) {
        return await(h.plane.preparedQuery().create(body, WriteOptions.DEFAULT));
    }

    private List<String> nodes(String idOrName, String near) {
        PreparedQueryExecution e = await(h.plane.preparedQuery().execute(idOrName, near, 0, QueryOptions.DEFAULT)).value();
        return e.nodes().stream().map(sh -> sh.node().node()).sorted().toList();
    }

    @Test
    void crudWithNormalisedDefinitions() {
        String id = create(Map.of("Name", "redis", "Service", Map.of("Service", "redis", "Tags", List.of("v1")),
                "DNS", Map.of("TTL", "10s")));
        PreparedQuery stored = await(h.plane.preparedQuery().get(id, QueryOptions.DEFAULT)).value();
        assertThat(stored.name()).isEqualTo("redis");
        @SuppressWarnings("unchecked")
        Map<String, Object> service = (Map<String, Object>) stored.definition().get("Service");
        assertThat(service).containsEntry("OnlyPassing", false).containsEntry("Tags", List.of("v1"));
        assertThat(await(h.plane.preparedQuery().list(QueryOptions.DEFAULT)).value()).hasSize(1);

        await(h.plane.preparedQuery().update(id, Map.of("Name", "redis", "Service", Map.of("Service", "redis",
                "OnlyPassing", true)), WriteOptions.DEFAULT));
        assertThat(nodes("redis", null)).containsExactly("n1");
        await(h.plane.preparedQuery().delete(id, WriteOptions.DEFAULT));
        Throwable gone = failure(h.plane.preparedQuery().get(id, QueryOptions.DEFAULT));
        assertThat(gone).hasMessage("Query not found");
        assertThat(((ApiException) gone).kind()).isEqualTo(ApiException.Kind.NOT_FOUND);
        assertThat(failure(h.plane.preparedQuery().delete(id, WriteOptions.DEFAULT)))
                .hasMessage("Cannot delete non-existent prepared query: '" + id + "'");
    }

    @Test
    void validationUsesConsulsTexts() {
        assertThat(failure(h.plane.preparedQuery().create(Map.of("Name", "x"), WriteOptions.DEFAULT)))
                .hasMessage("Invalid prepared query: Must provide a Service name to query");
        assertThat(failure(h.plane.preparedQuery().create(Map.of("Service", Map.of("Service", "redis",
                "Failover", Map.of("NearestN", -1))), WriteOptions.DEFAULT)))
                .hasMessage("Invalid prepared query: Bad NearestN '-1', must be >= 0");
        assertThat(failure(h.plane.preparedQuery().create(Map.of("Service", Map.of("Service", "redis"),
                "Template", Map.of("Type", "bogus")), WriteOptions.DEFAULT)))
                .hasMessage("Invalid prepared query: Bad Template.Type 'bogus'");
        create(Map.of("Name", "dup", "Service", Map.of("Service", "redis")));
        assertThat(failure(h.plane.preparedQuery().create(Map.of("Name", "dup", "Service", Map.of("Service", "redis")),
                WriteOptions.DEFAULT))).hasMessageContaining("aliases an existing query name");
    }

    @Test
    void executeFiltersHealthTagsAndMeta() {
        create(Map.of("Name", "all", "Service", Map.of("Service", "redis")));
        create(Map.of("Name", "passing", "Service", Map.of("Service", "redis", "OnlyPassing", true)));
        create(Map.of("Name", "not-primary", "Service", Map.of("Service", "redis", "Tags", List.of("!PRIMARY"))));
        create(Map.of("Name", "rack-a", "Service", Map.of("Service", "redis", "NodeMeta", Map.of("rack", "a"))));
        create(Map.of("Name", "ignore", "Service", Map.of("Service", "redis",
                "IgnoreCheckIDs", List.of("svc:redis3"))));
        assertThat(nodes("all", null)).containsExactly("n1", "n2");
        assertThat(nodes("passing", null)).containsExactly("n1");
        assertThat(nodes("not-primary", null)).containsExactly("n2");
        assertThat(nodes("rack-a", null)).containsExactly("n1");
        assertThat(nodes("ignore", null)).containsExactly("n1", "n2", "n3");
        PreparedQueryExecution limited = await(h.plane.preparedQuery().execute("all", null, 1, QueryOptions.DEFAULT))
                .value();
        assertThat(limited.nodes()).hasSize(1);
        assertThat(limited.datacenter()).isEqualTo("dc1");
        assertThat(limited.failovers()).isZero();
        assertThat(failure(h.plane.preparedQuery().execute("ghost", null, 0, QueryOptions.DEFAULT)))
                .hasMessage("Query not found");
    }

    @Test
    void nearSortsByCoordinates() {
        create(Map.of("Name", "near", "Service", Map.of("Service", "redis", "Near", "n2")));
        h.register("node1", "127.0.0.1", null, HealthStatus.PASSING, Map.of());
        for (String[] c : new String[][]{{"n1", "0.5"}, {"n2", "0.001"}, {"node1", "0.4"}}) {
            await(h.plane.coordinate().update(CoordinateEndpointTest.coordinate(c[0], Double.parseDouble(c[1])),
                    WriteOptions.DEFAULT));
        }
        for (int i = 0; i < 5; i++) {
            List<ServiceHealth> rows = await(h.plane.preparedQuery().execute("near", null, 0, QueryOptions.DEFAULT))
                    .value().nodes();
            assertThat(rows).extracting(r -> r.node().node()).containsExactly("n2", "n1");
            List<ServiceHealth> fromAgent = await(h.plane.preparedQuery().execute("near", "_agent", 0,
                    QueryOptions.DEFAULT)).value().nodes();
            assertThat(fromAgent).extracting(r -> r.node().node()).containsExactly("n1", "n2");
        }
    }

    @Test
    void namePrefixTemplatesRenderForTheNameAsked() {
        create(Map.of("Name", "", "Template", Map.of("Type", "name_prefix_match"),
                "Service", Map.of("Service", "${name.full}")));
        create(Map.of("Name", "geo-", "Template", Map.of("Type", "name_prefix_match", "Regexp", "^geo-(.+?)-(.+)$",
                "RemoveEmptyTags", true), "Service", Map.of("Service", "${match(1)}", "Tags",
                List.of("${match(2)}", "${name.suffix}x", "${agent.segment}")), "DNS", Map.of("TTL", "5s")));
        assertThat(nodes("redis", null)).containsExactly("n1", "n2");
        PreparedQueryExecution web = await(h.plane.preparedQuery().execute("geo-web-prod-blue", null, 0,
                QueryOptions.DEFAULT)).value();
        assertThat(web.service()).isEqualTo("web");
        assertThat(web.dnsTtl()).isEqualTo(Duration.ofSeconds(5));
        PreparedQuery explained = await(h.plane.preparedQuery().explain("geo-redis-v1", QueryOptions.DEFAULT)).value();
        @SuppressWarnings("unchecked")
        Map<String, Object> service = (Map<String, Object>) explained.definition().get("Service");
        assertThat(service).containsEntry("Service", "redis").containsEntry("Tags", List.of("v1", "redis-v1x"));
        assertThat(nodes("geo-redis-primary", null)).isEmpty();
    }
}
