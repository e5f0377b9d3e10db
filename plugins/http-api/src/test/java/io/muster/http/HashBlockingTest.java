package io.muster.http;

import io.muster.http.server.ApiResponse;
import io.muster.http.server.HashBlocking;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class HashBlockingTest {
    private final ManualTimer timer = new ManualTimer();
    private final List<Long> staggerBounds = new ArrayList<>();
    private final HashBlocking blocking = new HashBlocking(timer, bound -> {
        staggerBounds.add(bound);
        return bound - 1;
    });
    private final List<Runnable> watchers = new ArrayList<>();
    private final AtomicReference<String> content = new AtomicReference<>("v1");

    private HashBlocking.Read read() {
        String c = content.get();
        if (c == null) {
            return new HashBlocking.Read(null, ApiResponse.text(404, "unknown service ID: web"));
        }
        return new HashBlocking.Read(HashBlocking.contentHash(c), ApiResponse.text(200, c));
    }

    private CompletableFuture<ApiResponse> await(String hash, Duration wait) {
        return blocking.await(hash, wait, w -> {
            watchers.add(w);
            return () -> watchers.remove(w);
        }, this::read).toCompletableFuture();
    }

    private static String body(CompletableFuture<ApiResponse> f) {
        return new String(f.join().raw());
    }

    @Test
    void withoutAHashTheAnswerIsImmediateAndCarriesTheContentHash() {
        CompletableFuture<ApiResponse> answer = await(null, null);
        assertThat(answer).isDone();
        assertThat(answer.join().headers()).containsEntry("X-Consul-ContentHash", HashBlocking.contentHash("v1"));
        assertThat(timer.delays()).isEmpty();
        assertThat(watchers).isEmpty();
    }

    @Test
    void aStaleHashIsAnsweredAtOnce() {
        CompletableFuture<ApiResponse> answer = await("0123", Duration.ofSeconds(30));
        assertThat(body(answer)).isEqualTo("v1");
        assertThat(timer.delays()).isEmpty();
        assertThat(watchers).isEmpty();
    }

    @Test
    void theCurrentHashParksUntilTheContentChangesNotMerelyUntilAChangeSignal() {
        CompletableFuture<ApiResponse> answer = await(HashBlocking.contentHash("v1"), Duration.ofSeconds(32));
        assertThat(answer).isNotDone();
        assertThat(timer.delays()).containsExactly(Duration.ofSeconds(32).plusNanos(Duration.ofSeconds(2).toNanos() - 1));

        List.copyOf(watchers).forEach(Runnable::run);
        assertThat(answer).as("a signal without a content change keeps the query parked").isNotDone();

        content.set("v2");
        List.copyOf(watchers).forEach(Runnable::run);
        assertThat(body(answer)).isEqualTo("v2");
        assertThat(answer.join().headers()).containsEntry("X-Consul-ContentHash", HashBlocking.contentHash("v2"));
        assertThat(watchers).as("the watch is closed").isEmpty();
        assertThat(timer.delays()).as("the timer is cancelled").isEmpty();
    }

    @Test
    void theWaitElapsingAnswersTheUnchangedContent() {
        CompletableFuture<ApiResponse> answer = await(HashBlocking.contentHash("v1"), Duration.ofSeconds(1));
        assertThat(answer).isNotDone();
        timer.fireAll();
        assertThat(body(answer)).isEqualTo("v1");
        assertThat(watchers).isEmpty();
    }

    @Test
    void contentThatDisappearsWhileParkedIsAnsweredAtOnce() {
        CompletableFuture<ApiResponse> answer = await(HashBlocking.contentHash("v1"), Duration.ofSeconds(10));
        content.set(null);
        List.copyOf(watchers).forEach(Runnable::run);
        assertThat(answer.join().status()).isEqualTo(404);
        assertThat(answer.join().headers()).doesNotContainKey("X-Consul-ContentHash");
    }

    @Test
    void aFailingReadFailsTheAnswer() {
        CompletableFuture<ApiResponse> answer = blocking.await("x", Duration.ofSeconds(1), w -> () -> { },
                () -> {
                    throw new IllegalStateException("agent stopped");
                }).toCompletableFuture();
        assertThat(answer).isCompletedExceptionally();
    }

    @Test
    void waitsDefaultToFiveMinutesAreCappedAtTenAndGetUpToASixteenthOfJitter() {
        assertThat(blocking.effectiveWait(null)).isEqualTo(Duration.ofMinutes(5).plus(Duration.ofMinutes(5).dividedBy(16)).minusNanos(1));
        assertThat(blocking.effectiveWait(Duration.ofHours(1)))
                .isEqualTo(Duration.ofMinutes(10).plus(Duration.ofMinutes(10).dividedBy(16)).minusNanos(1));
        assertThat(staggerBounds).containsExactly(Duration.ofMinutes(5).toNanos() / 16, Duration.ofMinutes(10).toNanos() / 16);
    }

    @Test
    void contentHashesAreLowerCaseHexAndSensitiveToEveryByte() {
        assertThat(HashBlocking.contentHash("{\"Port\":80}")).matches("[0-9a-f]{1,16}")
                .isNotEqualTo(HashBlocking.contentHash("{\"Port\":81}"));
    }
}
