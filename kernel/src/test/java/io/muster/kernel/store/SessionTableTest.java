package io.muster.kernel.store;

import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Session;
import io.muster.spi.store.StoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.muster.kernel.store.StoreFixtures.bytes;
import static io.muster.kernel.store.StoreFixtures.check;
import static io.muster.kernel.store.StoreFixtures.node;
import static io.muster.kernel.store.StoreFixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTableTest {
    private final MemoryStateStore store = new MemoryStateStore();

    private java.util.Optional<io.muster.spi.model.KvEntry> opt(long index,
            java.util.function.Function<io.muster.spi.store.StoreWriter, java.util.Optional<io.muster.spi.model.KvEntry>> body) {
        return store.write(index, body);
    }

    private boolean bool(long index, java.util.function.Function<io.muster.spi.store.StoreWriter, Boolean> body) {
        return store.write(index, body);
    }

    @BeforeEach
    void registerNode() {
        store.write(1, w -> {
            w.ensureNode(node("n1", "10.0.0.1"));
            w.ensureCheck(check("n1", "serfHealth", "", HealthStatus.PASSING));
            w.ensureCheck(check("n1", "bad", "", HealthStatus.CRITICAL));
            return null;
        });
    }

    @Test
    void createAssignsIndexes() {
        Session s = store.write(4, w -> w.createSession(session("s1", "n1", "release", List.of("serfHealth"))));
        assertThat(s.createIndex()).isEqualTo(4);
        assertThat(store.session("s1").value()).contains(s);
        assertThat(store.sessions().index()).isEqualTo(4);
        assertThat(store.nodeSessions("n1").value()).containsExactly(s);
        assertThat(store.nodeSessions("n2").value()).isEmpty();
    }

    @Test
    void createValidatesNodeAndChecksWithConsulsTexts() {
        assertThatThrownBy(() -> store.write(2, w -> w.createSession(session("s", "ghost", "release", List.of()))))
                .isInstanceOf(StoreException.class).hasMessage("Missing node registration");
        assertThatThrownBy(() -> store.write(3, w -> w.createSession(session("s", "n1", "release", List.of("nope")))))
                .hasMessage("Missing check 'nope' registration");
        assertThatThrownBy(() -> store.write(4, w -> w.createSession(session("s", "n1", "release", List.of("bad")))))
                .hasMessage("Check 'bad' is in critical state");
        assertThat(store.sessions().value()).isEmpty();
    }

    @Test
    void checkTurningCriticalInvalidatesItsSessionsAndReleasesLocks() {
        store.write(2, w -> w.createSession(session("s1", "n1", "release", List.of("serfHealth"))));
        store.write(3, w -> w.createSession(session("s2", "n1", "release", List.of())));
        store.write(4, w -> w.kvLock("lock", bytes("x"), 0, "s1"));

        store.write(5, w -> w.ensureCheck(check("n1", "serfHealth", "", HealthStatus.CRITICAL)));

        assertThat(store.session("s1").value()).isEmpty();
        assertThat(store.session("s2").value()).isPresent();
        assertThat(store.kvGet("lock").value().orElseThrow().session()).isNull();
        assertThat(store.sessions().index()).isEqualTo(5);
    }

    @Test
    void destroyIsFalseForUnknownSessions() {
        assertThat(bool(2, w -> w.destroySession("nope"))).isFalse();
    }
}
