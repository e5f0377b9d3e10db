package io.muster.kernel.endpoint;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.DatacenterCoordinates;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.Coordinate;
import io.muster.spi.model.HealthStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.muster.kernel.endpoint.Harness.await;
import static io.muster.kernel.endpoint.Harness.failure;
import static org.assertj.core.api.Assertions.assertThat;

class CoordinateEndpointTest {
    private final Harness h = new Harness();

    @AfterEach
    void stop() {
        h.close();
    }

    static Coordinate coordinate(String node, double x) {
        List<Double> vec = new java.util.ArrayList<>(Collections.nCopies(8, 0.0));
        vec.set(0, x);
        return new Coordinate(node, "", vec, 1.5, 0, 0.00001);
    }

    @Test
    void updatesOfKnownNodesAreStoredAndListedWithABlockingIndex() {
        h.register("node1", "127.0.0.1", null, HealthStatus.PASSING, Map.of());
        QueryResult<List<Coordinate>> empty = await(h.plane.coordinate().nodes(QueryOptions.DEFAULT));
        assertThat(empty.value()).isEmpty();
        CompletableFuture<QueryResult<List<Coordinate>>> parked = h.plane.coordinate()
                .nodes(QueryOptions.DEFAULT.withMinIndex(empty.index(), Duration.ofMinutes(1))).toCompletableFuture();
        await(h.plane.coordinate().update(coordinate("node1", 0.002), WriteOptions.DEFAULT));
        h.scheduler.advance(Duration.ZERO);
        QueryResult<List<Coordinate>> woken = await(parked);
        assertThat(woken.index()).isGreaterThan(empty.index());
        assertThat(woken.value()).extracting(Coordinate::node).containsExactly("node1");
        assertThat(await(h.plane.coordinate().node("node1", QueryOptions.DEFAULT)).value()).hasSize(1);
        assertThat(await(h.plane.coordinate().node("ghost", QueryOptions.DEFAULT)).value()).isEmpty();
        List<DatacenterCoordinates> dcs = await(h.plane.coordinate().datacenters());
        assertThat(dcs).hasSize(1);
        assertThat(dcs.get(0).datacenter()).isEqualTo("dc1");
        assertThat(dcs.get(0).coordinates()).extracting(Coordinate::node).containsExactly("node1.dc1");
    }

    @Test
    void coordinatesOfUnknownNodesAreDroppedAndInvalidOnesRefused() {
        await(h.plane.coordinate().update(coordinate("ghost", 0.1), WriteOptions.DEFAULT));
        assertThat(await(h.plane.coordinate().nodes(QueryOptions.DEFAULT)).value()).isEmpty();
        Throwable wrongSize = failure(h.plane.coordinate().update(new Coordinate("node1", "", List.of(0.1, 0.2), 1, 0, 0),
                WriteOptions.DEFAULT));
        assertThat(((ApiException) wrongSize).kind()).isEqualTo(ApiException.Kind.BAD_REQUEST);
        assertThat(wrongSize).hasMessageContaining("not compatible");
        Coordinate nan = new Coordinate("node1", "", Collections.nCopies(8, Double.NaN), 1, 0, 0);
        assertThat(failure(h.plane.coordinate().update(nan, WriteOptions.DEFAULT))).hasMessageContaining("finite");
    }
}
