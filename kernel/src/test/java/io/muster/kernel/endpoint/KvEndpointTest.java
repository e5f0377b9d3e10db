package io.muster.kernel.endpoint;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.SessionRequest;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.KvEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.muster.kernel.endpoint.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvEndpointTest {
    private final Harness h = new Harness();

    @AfterEach
    void stop() {
        h.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private boolean put(String key, String value, Long cas, String acquire, String release) {
        return await(h.plane.kv().put(new KvWrite(key, b(value), 0, cas, acquire, release), WriteOptions.DEFAULT));
    }

    private KvEntry get(String key) {
        return await(h.plane.kv().get(key, QueryOptions.DEFAULT)).value().orElseThrow();
    }

    private static ApiException failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ApiException.class);
            return (ApiException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the stage to fail");
    }

    private String session() {
        h.register("node1", "127.0.0.1", null, null, java.util.Map.of());
        return await(h.plane.session().create(new SessionRequest(null, null, null, null, null, null, null),
                WriteOptions.DEFAULT));
    }

    @Test
    void putGetListKeysAndDelete() {
        assertThat(put("app/a", "1", null, null, null)).isTrue();
        assertThat(put("app/b/c", "2", null, null, null)).isTrue();
        assertThat(get("app/a").value()).isEqualTo(b("1"));
        assertThat(await(h.plane.kv().list("app/", QueryOptions.DEFAULT)).value()).hasSize(2);
        assertThat(await(h.plane.kv().keys("app/", "/", QueryOptions.DEFAULT)).value()).containsExactly("app/a", "app/b/");
        assertThat(await(h.plane.kv().delete("app/", true, null, WriteOptions.DEFAULT))).isTrue();
        assertThat(await(h.plane.kv().get("app/a", QueryOptions.DEFAULT)).value()).isEmpty();
    }

    @Test
    void missingKeyAndTooLargeValueUseConsulsErrors() {
        ApiException missing = failure(h.plane.kv().put(new KvWrite("", b("x"), 0, null, null, null), WriteOptions.DEFAULT));
        assertThat(missing.kind()).isEqualTo(ApiException.Kind.BAD_REQUEST);
        assertThat(missing).hasMessage("Missing key name");

        byte[] big = new byte[(int) Harness.MAX_VALUE + 1];
        ApiException tooLarge = failure(h.plane.kv().put(new KvWrite("k", big, 0, null, null, null), WriteOptions.DEFAULT));
        assertThat(tooLarge.kind()).isEqualTo(ApiException.Kind.TOO_LARGE);
        assertThat(tooLarge).hasMessage("Request body(524289 bytes) too large, max size: 524288 bytes. See "
                + "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
    }

    @Test
    void casZeroAndCasIndexAndDeleteCas() {
        assertThat(put("k", "1", 0L, null, null)).isTrue();
        assertThat(put("k", "2", 0L, null, null)).isFalse();
        long index = get("k").modifyIndex();
        assertThat(put("k", "3", index + 100, null, null)).isFalse();
        assertThat(put("k", "4", index, null, null)).isTrue();
        assertThat(get("k").value()).isEqualTo(b("4"));
        long now = get("k").modifyIndex();
        assertThat(await(h.plane.kv().delete("k", false, index, WriteOptions.DEFAULT))).isFalse();
        assertThat(await(h.plane.kv().delete("k", false, now, WriteOptions.DEFAULT))).isTrue();
    }

    @Test
    void acquireReleaseAndLockIndex() {
        String s1 = session();
        String s2 = await(h.plane.session().create(new SessionRequest("other", null, null, null, null, null, null),
                WriteOptions.DEFAULT));
        assertThat(put("lock", "a", null, s1, null)).isTrue();
        assertThat(get("lock").lockIndex()).isEqualTo(1);
        assertThat(get("lock").session()).isEqualTo(s1);
        assertThat(put("lock", "b", null, s2, null)).isFalse();
        assertThat(put("lock", "c", null, null, s2)).isFalse();
        assertThat(put("lock", "d", null, null, s1)).isTrue();
        assertThat(get("lock").session()).isNull();
        assertThat(put("lock", "e", null, s2, null)).isTrue();
        assertThat(get("lock").lockIndex()).isEqualTo(2);
    }

    @Test
    void acquireWithUnknownSessionIsABadRequest() {
        ApiException e = failure(h.plane.kv().put(new KvWrite("lock", b("a"), 0, null, "no-such-session", null),
                WriteOptions.DEFAULT));
        assertThat(e.kind()).isEqualTo(ApiException.Kind.BAD_REQUEST);
        assertThat(e).hasMessage("invalid session \"no-such-session\"");
    }

    @Test
    void lockDelayRefusesAcquireAfterInvalidationUntilItPasses() {
        String s1 = session();
        assertThat(put("lock", "a", null, s1, null)).isTrue();
        assertThat(await(h.plane.session().destroy(s1, WriteOptions.DEFAULT))).isTrue();
        String s2 = await(h.plane.session().create(new SessionRequest(null, null, null, null, null, null, null),
                WriteOptions.DEFAULT));

        assertThat(put("lock", "b", null, s2, null)).isFalse();
        h.clock.advance(Duration.ofSeconds(14));
        assertThat(put("lock", "b", null, s2, null)).isFalse();
        h.clock.advance(Duration.ofSeconds(2));
        assertThat(put("lock", "b", null, s2, null)).isTrue();
    }
}
