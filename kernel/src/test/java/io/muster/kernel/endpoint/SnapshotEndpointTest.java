package io.muster.kernel.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.muster.kernel.endpoint.Harness.await;
import static io.muster.kernel.endpoint.Harness.failure;
import static org.assertj.core.api.Assertions.assertThat;

class SnapshotEndpointTest {
    private final Harness h = new Harness();

    @AfterEach
    void stop() {
        h.close();
    }

    private void put(String key, String value) {
        await(h.plane.kv().put(new KvWrite(key, value.getBytes(StandardCharsets.UTF_8), 0, null, null, null),
                WriteOptions.DEFAULT));
    }

    private String get(String key) {
        return await(h.plane.kv().get(key, QueryOptions.DEFAULT)).value()
                .map(e -> new String(e.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void saveWritesConsulsArchiveLayoutAndRestoreBringsTheStateBack() throws Exception {
        put("a", "1");
        QueryResult<byte[]> saved = await(h.plane.snapshot().save(QueryOptions.DEFAULT));
        SnapshotArchive.Contents contents = SnapshotArchive.read(saved.value());
        JsonNode meta = new ObjectMapper().readTree(contents.meta());
        assertThat(meta.get("Index").asLong()).isEqualTo(saved.index()).isEqualTo(h.store.index());
        assertThat(meta.get("Size").asLong()).isEqualTo(contents.state().length);
        assertThat(meta.get("Version").asInt()).isEqualTo(1);
        assertThat(meta.get("ID").asText()).startsWith("1-" + saved.index() + "-");

        put("a", "2");
        put("b", "3");
        long before = h.store.index();
        await(h.plane.snapshot().restore(saved.value(), WriteOptions.DEFAULT));
        assertThat(get("a")).isEqualTo("1");
        assertThat(get("b")).isNull();
        // Later writes land above every index readers have seen.
        assertThat(h.store.index()).isGreaterThan(before);
        put("c", "4");
        assertThat(await(h.plane.kv().get("c", QueryOptions.DEFAULT)).value().orElseThrow().modifyIndex())
                .isGreaterThan(before);
    }

    @Test
    void damagedArchivesAreRefused() {
        put("a", "1");
        byte[] archive = await(h.plane.snapshot().save(QueryOptions.DEFAULT)).value();
        Throwable notGzip = failure(h.plane.snapshot().restore("nope".getBytes(StandardCharsets.UTF_8),
                WriteOptions.DEFAULT));
        assertThat(((ApiException) notGzip).kind()).isEqualTo(ApiException.Kind.BAD_REQUEST);
        assertThat(notGzip).hasMessageStartingWith("failed to read snapshot file: ");
        byte[] tampered = SnapshotArchive.write("{}".getBytes(StandardCharsets.UTF_8), new byte[]{1, 2, 3}, 0);
        // Rewrite the sums so that state.bin no longer matches.
        byte[] forged = forgeState(tampered);
        assertThat(failure(h.plane.snapshot().restore(forged, WriteOptions.DEFAULT)))
                .hasMessageContaining("sha256 hash mismatch for \"state.bin\"");
        assertThat(get("a")).isEqualTo("1");
        assertThat(archive).isNotEmpty();
    }

    /** The same archive with one byte of state.bin flipped inside the (re-compressed) tar. */
    private static byte[] forgeState(byte[] archive) {
        try {
            byte[] tar = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(archive)).readAllBytes();
            // meta.json (2 bytes) takes header + one block; state.bin's content starts after its own header.
            tar[512 + 512 + 512] ^= 0x7f;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
                gz.write(tar);
            }
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
