package io.muster.kernel.endpoint;

import io.muster.spi.api.Consistency;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.KvEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.muster.kernel.endpoint.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

class BlockingQueriesTest {

    private static QueryOptions blocking(long index, Duration wait) {
        return new QueryOptions(null, Consistency.DEFAULT, index, wait, null, null, Map.of(), null);
    }

    private static void put(Harness h, String key, String value) {
        await(h.plane.kv().put(new KvWrite(key, value.getBytes(), 0, null, null, null), WriteOptions.DEFAULT));
    }

    @Test
    void emptyStoreAnswersIndexOneNeverZero() {
        try (Harness h = new Harness()) {
            QueryResult<Optional<KvEntry>> r = await(h.plane.kv().get("nothing", QueryOptions.DEFAULT));
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.knownLeader()).isTrue();
            assertThat(r.lastContactMillis()).isZero();
        }
    }

    @Test
    void blockingListWakesOnAChangeUnderItsPrefixOnly() {
        try (Harness h = new Harness()) {
            put(h, "a/1", "x");
            long index = await(h.plane.kv().list("a/", QueryOptions.DEFAULT)).index();

            CompletableFuture<QueryResult<List<KvEntry>>> waiting =
                    h.plane.kv().list("a/", blocking(index, Duration.ofMinutes(1))).toCompletableFuture();
            put(h, "b/1", "unrelated");
            assertThat(waiting).isNotDone();

            put(h, "a/2", "y");
            QueryResult<List<KvEntry>> r = await(waiting);
            assertThat(r.index()).isGreaterThan(index);
            assertThat(r.value()).hasSize(2);
            assertThat(h.store.parkedWatchers()).isZero();
        }
    }

    @Test
    void deleteMovesABlockedListForward() {
        try (Harness h = new Harness()) {
            put(h, "a/1", "x");
            put(h, "a/2", "x");
            long index = await(h.plane.kv().list("a/", QueryOptions.DEFAULT)).index();
            CompletableFuture<QueryResult<List<KvEntry>>> waiting =
                    h.plane.kv().list("a/", blocking(index, Duration.ofMinutes(1))).toCompletableFuture();
            await(h.plane.kv().delete("a/1", false, null, WriteOptions.DEFAULT));
            assertThat(await(waiting).index()).isGreaterThan(index);
        }
    }

    @Test
    void timesOutAfterTheWaitPlusAtMostOneSixteenthJitter() {
        try (Harness h = new Harness(0.999)) {
            put(h, "k", "v");
            long index = await(h.plane.kv().get("k", QueryOptions.DEFAULT)).index();
            CompletableFuture<QueryResult<Optional<KvEntry>>> waiting =
                    h.plane.kv().get("k", blocking(index, Duration.ofSeconds(160))).toCompletableFuture();

            long delay = h.scheduler.scheduledDelaysMillis().get(0);
            assertThat(delay).isBetween(160_000L, 160_000L + 160_000L / 16);
            assertThat(delay).isGreaterThan(160_000L);

            h.scheduler.advance(Duration.ofSeconds(160));
            assertThat(waiting).isNotDone();
            h.scheduler.advance(Duration.ofSeconds(10));
            QueryResult<Optional<KvEntry>> r = await(waiting);
            assertThat(r.index()).isEqualTo(index);
            assertThat(h.store.parkedWatchers()).isZero();
        }
    }

    @Test
    void waitIsCappedAtTenMinutesAndDefaultsToFive() {
        try (Harness h = new Harness(0.0)) {
            put(h, "k", "v");
            long index = await(h.plane.kv().get("k", QueryOptions.DEFAULT)).index();
            h.plane.kv().get("k", blocking(index, Duration.ofHours(1)));
            h.plane.kv().get("k", blocking(index, null));
            assertThat(h.scheduler.scheduledDelaysMillis()).containsExactly(600_000L, 300_000L);
        }
    }

    @Test
    void aResultAlreadyNewerThanMinIndexAnswersAtOnce() {
        try (Harness h = new Harness()) {
            put(h, "k", "v");
            put(h, "k", "v2");
            CompletableFuture<QueryResult<Optional<KvEntry>>> r =
                    h.plane.kv().get("k", blocking(1, Duration.ofMinutes(1))).toCompletableFuture();
            assertThat(await(r).value()).isPresent();
            assertThat(h.scheduler.scheduledDelaysMillis()).isEmpty();
        }
    }

    @Test
    void consistentReadsGoThroughTheReadBarrier() {
        try (Harness h = new Harness()) {
            put(h, "k", "v");
            QueryOptions consistent = new QueryOptions(null, Consistency.CONSISTENT, 0, null, null, null, Map.of(), null);
            QueryResult<Optional<KvEntry>> r = await(h.plane.kv().get("k", consistent));
            assertThat(r.effectiveConsistency()).isEqualTo(Consistency.CONSISTENT);
            assertThat(r.value()).isPresent();
        }
    }
}
