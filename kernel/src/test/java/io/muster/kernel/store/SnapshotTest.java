package io.muster.kernel.store;

import io.muster.spi.model.Coordinate;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.PreparedQuery;
import io.muster.spi.store.Watch;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.muster.kernel.store.StoreFixtures.bytes;
import static io.muster.kernel.store.StoreFixtures.check;
import static io.muster.kernel.store.StoreFixtures.node;
import static io.muster.kernel.store.StoreFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotTest {

    @Test
    void roundTripKeepsEveryTableAndIndex() throws IOException {
        MemoryStateStore source = new MemoryStateStore();
        source.write(3, w -> {
            w.ensureNode(node("n1", "10.0.0.1"));
            w.ensureService("n1", service("web1", "web", "v1"));
            w.ensureCheck(check("n1", "serfHealth", "", HealthStatus.PASSING));
            w.createSession(new io.muster.spi.model.Session("s1", "lock", "n1", List.of("serfHealth"), List.of(),
                    Duration.ofSeconds(15), "release", Duration.ofSeconds(30), 0, 0));
            w.setCoordinate(new Coordinate("n1", "", List.of(0.1, 0.2), 1.5, 0.0, 0.01));
            w.setPreparedQuery(new PreparedQuery("q1", "web-query", "", "", Map.of("Service", Map.of("Service", "web")),
                    0, 0));
            return null;
        });
        source.write(4, w -> w.kvLock("app/lock", bytes("held"), 9, "s1"));
        source.write(5, w -> w.kvSet("app/gone", bytes("x"), 0));
        source.write(6, w -> w.kvDelete("app/gone"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.snapshot(out);

        MemoryStateStore target = new MemoryStateStore();
        target.write(1, w -> w.kvSet("stale", bytes("old"), 0));
        Watch staleWatch = target.kvGet("stale").watch();
        target.restore(new ByteArrayInputStream(out.toByteArray()));

        assertThat(staleWatch.hasFired()).isTrue();
        assertThat(target.kvGet("stale").value()).isEmpty();
        assertThat(target.index()).isEqualTo(6);
        KvEntry lock = target.kvGet("app/lock").value().orElseThrow();
        assertThat(lock.value()).isEqualTo(bytes("held"));
        assertThat(lock).extracting(KvEntry::session, KvEntry::lockIndex, KvEntry::flags, KvEntry::modifyIndex)
                .containsExactly("s1", 1L, 9L, 4L);
        assertThat(target.kvList("app/").index()).isEqualTo(6);
        assertThat(target.serviceHealth("web").value()).hasSize(1);
        assertThat(target.serviceHealth("web").index()).isEqualTo(source.serviceHealth("web").index());
        assertThat(target.session("s1").value()).isEqualTo(source.session("s1").value());
        assertThat(target.coordinates().value()).isEqualTo(source.coordinates().value());
        assertThat(target.preparedQueries().value()).isEqualTo(source.preparedQueries().value());
        assertThat(target.nodes().value()).isEqualTo(source.nodes().value());
        // The session index survives: destroying it still releases the lock.
        target.write(7, w -> w.destroySession("s1"));
        assertThat(target.kvGet("app/lock").value().orElseThrow().session()).isNull();
    }

    @Test
    void restoreRefusesForeignData() {
        MemoryStateStore store = new MemoryStateStore();
        assertThatThrownBy(() -> store.restore(new ByteArrayInputStream(new byte[]{1, 2, 3})))
                .isInstanceOf(IOException.class);
    }
}
