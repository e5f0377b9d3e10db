package io.muster.kernel.cluster;

import io.muster.spi.api.CoordinateApi;
import io.muster.spi.api.DatacenterCoordinates;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.Coordinate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CoordinateSyncTest {
    private static final Coordinate COORD = new Coordinate("node-a", "", List.of(0.1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), 0.5, 0, 1e-5);

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final RecordingApi api = new RecordingApi();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void theIntervalIsTheMinimumUntilTheClusterWouldExceedTheRateTarget() {
        Duration min = Duration.ofSeconds(15);
        assertThat(CoordinateSync.interval(min, 64, 3)).isEqualTo(min);
        assertThat(CoordinateSync.interval(min, 64, 960)).isEqualTo(min);
        assertThat(CoordinateSync.interval(min, 64, 1920)).isEqualTo(Duration.ofSeconds(30));
        assertThat(CoordinateSync.interval(min, 64, 6400)).isEqualTo(Duration.ofSeconds(100));
        assertThat(CoordinateSync.interval(min, 0, 6400)).as("no rate target: no scaling").isEqualTo(min);
    }

    @Test
    void sendsTheLocalCoordinateRepeatedly() {
        CoordinateSync sync = new CoordinateSync(() -> Optional.of(COORD), api, () -> 3, Duration.ofMillis(5), 64,
                timers, new Random(1));
        sync.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> api.updates.size() >= 3);
        sync.stop();
        assertThat(api.updates).allSatisfy(c -> assertThat(c).isEqualTo(COORD));
    }

    @Test
    void failuresAndMissingCoordinatesDoNotStopTheSync() {
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Optional<Coordinate>> local = new AtomicReference<>(Optional.empty());
        api.failNext.set(2);
        CoordinateSync sync = new CoordinateSync(() -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("membership is restarting");
            }
            return local.get();
        }, api, () -> 1, Duration.ofMillis(5), 64, timers, new Random(1));
        sync.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() >= 3);
        assertThat(api.attempts.get()).isZero();
        local.set(Optional.of(COORD));
        await().atMost(Duration.ofSeconds(5)).until(() -> !api.updates.isEmpty());
        sync.stop();
        assertThat(api.attempts.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void stopCancelsTheNextRound() throws Exception {
        CoordinateSync sync = new CoordinateSync(() -> Optional.of(COORD), api, () -> 1, Duration.ofMillis(50), 64,
                timers, new Random(1));
        sync.start();
        sync.stop();

        // a marker task queued after the full possible wait (2 x 50 ms) proves the sync's round never ran
        timers.schedule(() -> null, 150, java.util.concurrent.TimeUnit.MILLISECONDS).get();
        assertThat(api.attempts.get()).isZero();
    }

    private static final class RecordingApi implements CoordinateApi {
        final List<Coordinate> updates = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger failNext = new AtomicInteger();

        @Override
        public CompletionStage<List<DatacenterCoordinates>> datacenters() {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<QueryResult<List<Coordinate>>> nodes(QueryOptions options) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("not used"));
        }

        @Override
        public CompletionStage<QueryResult<List<Coordinate>>> node(String node, QueryOptions options) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("not used"));
        }

        @Override
        public CompletionStage<Void> update(Coordinate coordinate, WriteOptions options) {
            attempts.incrementAndGet();
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("No cluster leader"));
            }
            updates.add(coordinate);
            return CompletableFuture.completedFuture(null);
        }
    }
}
