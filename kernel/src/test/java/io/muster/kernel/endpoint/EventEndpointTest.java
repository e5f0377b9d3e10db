package io.muster.kernel.endpoint;

import io.muster.kernel.leader.ManualScheduler;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.membership.UserEvent;
import io.muster.spi.model.Service;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.muster.kernel.endpoint.Harness.await;
import static io.muster.kernel.endpoint.Harness.failure;
import static org.assertj.core.api.Assertions.assertThat;

class EventEndpointTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<Service> services = List.of(Harness.service("web1", "web", "v1", "primary"));
    private final EventEndpoint events = new EventEndpoint("node1", () -> services, Optional.empty(), scheduler);

    private static UserEvent remote(String id, String name, String node, String service, String tag, long ltime) {
        return new UserEvent(id, name, new byte[0], node, service, tag, ltime);
    }

    @Test
    void fireWithoutMembershipDeliversLocallyWithIncreasingLamportTimes() {
        UserEvent fired = await(events.fire("deploy", "v2".getBytes(StandardCharsets.UTF_8), "", "", "",
                WriteOptions.DEFAULT));
        await(events.fire("deploy", null, "", "", "", WriteOptions.DEFAULT));
        assertThat(fired.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(fired.lamportTime()).isZero();
        List<UserEvent> listed = await(events.list("", QueryOptions.DEFAULT)).value();
        assertThat(listed).extracting(UserEvent::lamportTime).containsExactly(1L, 2L);
        assertThat(new String(listed.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("v2");
        assertThat(listed.get(0).id()).isEqualTo(fired.id());
    }

    @Test
    void invalidFiltersAreRefusedWithConsulsTexts() {
        assertThat(failure(events.fire("x", null, "", "", "v1", WriteOptions.DEFAULT)))
                .hasMessage("Cannot provide tag filter without service filter");
        Throwable bad = failure(events.fire("x", null, "(", "", "", WriteOptions.DEFAULT));
        assertThat(bad).isInstanceOf(ApiException.class).hasMessageStartingWith("Invalid node filter: ");
        assertThat(((ApiException) bad).kind()).isEqualTo(ApiException.Kind.INTERNAL);
    }

    @Test
    void receivedEventsAreKeptOnlyWhenTheFiltersMatchThisAgent() {
        events.receive(remote("00000000-0000-0000-0000-000000000001", "a", "node[0-9]", "", "", 1));
        events.receive(remote("00000000-0000-0000-0000-000000000002", "b", "other", "", "", 2));
        events.receive(remote("00000000-0000-0000-0000-000000000003", "c", "", "^web$", "prim", 3));
        events.receive(remote("00000000-0000-0000-0000-000000000004", "d", "", "web", "canary", 4));
        events.receive(remote("00000000-0000-0000-0000-000000000005", "e", "", "db", "", 5));
        assertThat(await(events.list(null, QueryOptions.DEFAULT)).value()).extracting(UserEvent::name)
                .containsExactly("a", "c");
        assertThat(await(events.list("c", QueryOptions.DEFAULT)).value()).extracting(UserEvent::name)
                .containsExactly("c");
    }

    @Test
    void theBufferKeepsTheLast256Events() {
        for (int i = 0; i < 300; i++) {
            events.receive(remote(String.format("00000000-0000-0000-0000-%012d", i), "e" + i, "", "", "", i));
        }
        List<UserEvent> listed = await(events.list("", QueryOptions.DEFAULT)).value();
        assertThat(listed).hasSize(EventEndpoint.BUFFER_SIZE);
        assertThat(listed.get(0).name()).isEqualTo("e44");
        assertThat(listed.get(255).name()).isEqualTo("e299");
    }

    @Test
    void indexIsConsulsUuidHashOfTheNewestEvent() {
        assertThat(EventEndpoint.index("00000000-0000-0001-0000-000000000003")).isEqualTo(2L);
        assertThat(await(events.list("", QueryOptions.DEFAULT)).index()).isEqualTo(1L);
        events.receive(remote("00000000-0000-0001-0000-000000000003", "a", "", "", "", 1));
        assertThat(await(events.list("other", QueryOptions.DEFAULT)).index()).isEqualTo(2L);
    }

    @Test
    void blockingListWaitsForTheNextEventOrTheWait() {
        events.receive(remote("00000000-0000-0001-0000-000000000003", "a", "", "", "", 1));
        CompletableFuture<QueryResult<List<UserEvent>>> parked = events.list("",
                QueryOptions.DEFAULT.withMinIndex(2, Duration.ofSeconds(30))).toCompletableFuture();
        assertThat(parked).isNotDone();
        events.receive(remote("00000000-0000-0002-0000-000000000003", "b", "", "", "", 2));
        assertThat(parked).isDone();
        assertThat(await(parked).value()).hasSize(2);
        assertThat(await(parked).index()).isEqualTo(1L);

        CompletableFuture<QueryResult<List<UserEvent>>> timesOut = events.list("",
                QueryOptions.DEFAULT.withMinIndex(1, Duration.ofSeconds(30))).toCompletableFuture();
        scheduler.advance(Duration.ofSeconds(29));
        assertThat(timesOut).isNotDone();
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(await(timesOut).value()).hasSize(2);
    }
}
