package io.muster.kernel.endpoint;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.SessionRequest;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.muster.kernel.endpoint.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

class SessionEndpointTest {
    private final Harness h = new Harness();

    @BeforeEach
    void registerSelf() {
        h.register("node1", "127.0.0.1", Harness.service("web1", "web"), HealthStatus.PASSING, Map.of());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static SessionRequest request(String behavior, Duration ttl, List<String> nodeChecks) {
        return new SessionRequest("s", null, nodeChecks, null, null, behavior, ttl);
    }

    private ApiException failure(SessionRequest r) {
        try {
            h.plane.session().create(r, WriteOptions.DEFAULT).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (ApiException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("session create should have failed");
    }

    @Test
    void createTakesConsulsDefaults() {
        String id = await(h.plane.session().create(new SessionRequest(null, null, null, null, null, null, null),
                WriteOptions.DEFAULT));
        Session s = await(h.plane.session().info(id, QueryOptions.DEFAULT)).value().orElseThrow();
        assertThat(s.node()).isEqualTo("node1");
        assertThat(s.nodeChecks()).containsExactly("serfHealth");
        assertThat(s.lockDelay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.behavior()).isEqualTo("release");
        assertThat(s.ttl()).isNull();
        assertThat(await(h.plane.session().list(QueryOptions.DEFAULT)).value()).containsExactly(s);
        assertThat(await(h.plane.session().node("node1", QueryOptions.DEFAULT)).value()).containsExactly(s);
    }

    @Test
    void validationUsesConsulsTexts() {
        assertThat(failure(request("explode", null, null))).hasMessage("Invalid Behavior setting 'explode'");
        assertThat(failure(request(null, Duration.ofSeconds(5), null)))
                .hasMessage("Invalid Session TTL '5000000000', must be between [10s=24h0m0s]");
        assertThat(failure(request(null, Duration.ofHours(25), null)).kind()).isEqualTo(ApiException.Kind.BAD_REQUEST);
        assertThat(failure(request(null, null, List.of("nope")))).hasMessage("Missing check 'nope' registration");
        await(h.plane.catalog().register(new io.muster.spi.api.CatalogRegistration(null, "node1", "127.0.0.1", null,
                Map.of(), Map.of(), null, List.of(Harness.check("node1", "down", "", HealthStatus.CRITICAL)), false),
                WriteOptions.DEFAULT));
        assertThat(failure(request(null, null, List.of("down")))).hasMessage("Check 'down' is in critical state");
    }

    @Test
    void ttlExpiryAtTwiceTheTtlReleasesTheLockAndWakesABlockedReader() {
        String id = await(h.plane.session().create(request(null, Duration.ofSeconds(10), null), WriteOptions.DEFAULT));
        assertThat(await(h.plane.kv().put(new KvWrite("leader", "me".getBytes(), 0, null, id, null),
                WriteOptions.DEFAULT))).isTrue();
        long index = await(h.plane.kv().get("leader", QueryOptions.DEFAULT)).index();
        CompletableFuture<QueryResult<Optional<KvEntry>>> reader = h.plane.kv().get("leader",
                new QueryOptions(null, Consistency.DEFAULT, index, Duration.ofMinutes(5), null, null, Map.of(), null))
                .toCompletableFuture();

        h.scheduler.advance(Duration.ofSeconds(15));
        assertThat(await(h.plane.session().renew(id, WriteOptions.DEFAULT))).isPresent();
        h.scheduler.advance(Duration.ofSeconds(19)); // 34s after create, 19s after the renew
        assertThat(reader).isNotDone();

        h.scheduler.advance(Duration.ofSeconds(2));
        QueryResult<Optional<KvEntry>> woken = await(reader);
        assertThat(woken.value().orElseThrow().session()).isNull();
        assertThat(woken.index()).isGreaterThan(index);
        assertThat(await(h.plane.session().info(id, QueryOptions.DEFAULT)).value()).isEmpty();
        assertThat(await(h.plane.session().renew(id, WriteOptions.DEFAULT))).isEmpty();
    }

    @Test
    void leadershipLossStopsTimersAndGainRearmsThem() {
        String id = await(h.plane.session().create(request(null, Duration.ofSeconds(10), null), WriteOptions.DEFAULT));
        h.plane.onLeadershipLost();
        h.scheduler.advance(Duration.ofMinutes(5));
        assertThat(await(h.plane.session().info(id, QueryOptions.DEFAULT)).value()).isPresent();

        h.plane.onLeadershipGained();
        h.scheduler.advance(Duration.ofSeconds(21));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                await(h.plane.session().info(id, QueryOptions.DEFAULT)).value().isEmpty());
    }

    @Test
    void destroyDeletesKeysOfADeleteBehaviorSession() {
        String id = await(h.plane.session().create(request("delete", null, null), WriteOptions.DEFAULT));
        assertThat(await(h.plane.kv().put(new KvWrite("held", "x".getBytes(), 0, null, id, null),
                WriteOptions.DEFAULT))).isTrue();
        assertThat(await(h.plane.session().destroy(id, WriteOptions.DEFAULT))).isTrue();
        assertThat(await(h.plane.kv().get("held", QueryOptions.DEFAULT)).value()).isEmpty();
    }

    @Test
    void serfHealthTurningCriticalInvalidatesTheSession() {
        String id = await(h.plane.session().create(request(null, null, null), WriteOptions.DEFAULT));
        await(h.plane.catalog().register(new io.muster.spi.api.CatalogRegistration(null, "node1", "127.0.0.1", null,
                Map.of(), Map.of(), null, List.of(Harness.check("node1", "serfHealth", "", HealthStatus.CRITICAL)),
                false), WriteOptions.DEFAULT));
        assertThat(await(h.plane.session().info(id, QueryOptions.DEFAULT)).value()).isEmpty();
    }
}
