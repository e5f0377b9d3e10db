package io.muster.kernel.endpoint;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.ConfigEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.muster.kernel.endpoint.Harness.await;
import static io.muster.kernel.endpoint.Harness.failure;
import static org.assertj.core.api.Assertions.assertThat;

class ConfigEntryEndpointTest {
    private final Harness h = new Harness();

    @AfterEach
    void stop() {
        h.close();
    }

    private static Map<String, Object> entry(String kind, String name, String protocol) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Kind", kind);
        if (name != null) {
            json.put("Name", name);
        }
        json.put("Protocol", protocol);
        return json;
    }

    @Test
    void applyGetListDeleteWithIndexes() {
        assertThat(await(h.plane.configEntry().apply(entry("service-defaults", "web", "http"), null,
                WriteOptions.DEFAULT))).isTrue();
        assertThat(await(h.plane.configEntry().apply(entry("service-defaults", "api", "grpc"), null,
                WriteOptions.DEFAULT))).isTrue();
        ConfigEntry web = await(h.plane.configEntry().get("service-defaults", "web", QueryOptions.DEFAULT))
                .value().orElseThrow();
        assertThat(web.body()).containsExactly(Map.entry("Protocol", "http"));
        assertThat(web.createIndex()).isEqualTo(web.modifyIndex()).isPositive();
        assertThat(await(h.plane.configEntry().list("service-defaults", QueryOptions.DEFAULT)).value())
                .extracting(ConfigEntry::name).containsExactly("api", "web");
        assertThat(await(h.plane.configEntry().list("proxy-defaults", QueryOptions.DEFAULT)).value()).isEmpty();
        assertThat(await(h.plane.configEntry().delete("service-defaults", "web", null, WriteOptions.DEFAULT))).isTrue();
        assertThat(await(h.plane.configEntry().get("service-defaults", "web", QueryOptions.DEFAULT)).value()).isEmpty();
    }

    @Test
    void casOnApplyAndDelete() {
        assertThat(await(h.plane.configEntry().apply(entry("service-defaults", "web", "http"), 0L,
                WriteOptions.DEFAULT))).isTrue();
        assertThat(await(h.plane.configEntry().apply(entry("service-defaults", "web", "tcp"), 0L,
                WriteOptions.DEFAULT))).isFalse();
        long index = await(h.plane.configEntry().get("service-defaults", "web", QueryOptions.DEFAULT))
                .value().orElseThrow().modifyIndex();
        assertThat(await(h.plane.configEntry().delete("service-defaults", "web", index + 1, WriteOptions.DEFAULT)))
                .isFalse();
        assertThat(await(h.plane.configEntry().apply(entry("service-defaults", "web", "tcp"), index,
                WriteOptions.DEFAULT))).isTrue();
        assertThat(await(h.plane.configEntry().get("service-defaults", "web", QueryOptions.DEFAULT)).value()
                .orElseThrow().body()).containsEntry("Protocol", "tcp");
    }

    @Test
    void kindAndNameAreValidatedWithConsulsTexts() {
        Map<String, Object> noKind = new LinkedHashMap<>(Map.of("Name", "web"));
        assertThat(failure(h.plane.configEntry().apply(noKind, null, WriteOptions.DEFAULT)))
                .hasMessage("Request decoding failed: Payload does not contain a Kind field");
        Throwable unknown = failure(h.plane.configEntry().apply(entry("bogus", "x", "http"), null, WriteOptions.DEFAULT));
        assertThat(unknown).hasMessage("invalid config entry kind: bogus");
        assertThat(((ApiException) unknown).kind()).isEqualTo(ApiException.Kind.BAD_REQUEST);
        assertThat(failure(h.plane.configEntry().apply(entry("proxy-defaults", "other", "http"), null,
                WriteOptions.DEFAULT))).hasMessage("invalid name (\"other\"), only \"global\" is supported");
        assertThat(await(h.plane.configEntry().apply(entry("proxy-defaults", null, "http"), null,
                WriteOptions.DEFAULT))).isTrue();
        assertThat(await(h.plane.configEntry().get("proxy-defaults", "global", QueryOptions.DEFAULT)).value())
                .isPresent();
        assertThat(failure(h.plane.configEntry().list("bogus", QueryOptions.DEFAULT)))
                .hasMessage("invalid config entry kind: bogus");
    }

    @Test
    void blockingGetWakesOnlyForItsKind() {
        QueryResult<Optional<ConfigEntry>> first = await(h.plane.configEntry().get("service-defaults", "web",
                QueryOptions.DEFAULT));
        CompletableFuture<QueryResult<Optional<ConfigEntry>>> parked = h.plane.configEntry()
                .get("service-defaults", "web", QueryOptions.DEFAULT.withMinIndex(first.index(), Duration.ofMinutes(1)))
                .toCompletableFuture();
        await(h.plane.configEntry().apply(entry("proxy-defaults", "global", "http"), null, WriteOptions.DEFAULT));
        assertThat(parked).isNotDone();
        await(h.plane.configEntry().apply(entry("service-defaults", "web", "http"), null, WriteOptions.DEFAULT));
        assertThat(await(parked).value()).isPresent();
        assertThat(List.of(await(parked).index())).allMatch(i -> i > first.index());
    }
}
