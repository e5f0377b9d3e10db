package io.muster.kernel.store;

import io.muster.spi.model.KvEntry;
import io.muster.spi.store.StoreException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.muster.kernel.store.StoreFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvTableTest {
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final MemoryStateStore store = new MemoryStateStore(Clock.fixed(now, ZoneOffset.UTC));

    private java.util.Optional<io.muster.spi.model.KvEntry> opt(long index,
            java.util.function.Function<io.muster.spi.store.StoreWriter, java.util.Optional<io.muster.spi.model.KvEntry>> body) {
        return store.write(index, body);
    }

    private boolean bool(long index, java.util.function.Function<io.muster.spi.store.StoreWriter, Boolean> body) {
        return store.write(index, body);
    }

    @Test
    void setKeepsCreateIndexAndMovesModifyIndexAndTableIndex() {
        store.write(3, w -> w.kvSet("a/x", bytes("1"), 7));
        store.write(5, w -> w.kvSet("a/x", bytes("2"), 7));

        KvEntry e = store.kvGet("a/x").value().orElseThrow();
        assertThat(e.createIndex()).isEqualTo(3);
        assertThat(e.modifyIndex()).isEqualTo(5);
        assertThat(e.flags()).isEqualTo(7);
        assertThat(e.value()).isEqualTo(bytes("2"));
        assertThat(store.kvGet("a/x").index()).isEqualTo(5);
        assertThat(store.index()).isEqualTo(5);
    }

    @Test
    void unchangedSetDoesNotMoveIndexes() {
        store.write(3, w -> w.kvSet("k", bytes("v"), 0));
        store.write(4, w -> w.kvSet("k", bytes("v"), 0));

        assertThat(store.kvGet("k").value().orElseThrow().modifyIndex()).isEqualTo(3);
        assertThat(store.kvGet("k").index()).isEqualTo(3);
        assertThat(store.index()).isEqualTo(4);
    }

    @Test
    void casZeroOnlyCreatesAndCasNOnlyMatchesModifyIndex() {
        assertThat(opt(2, w -> w.kvCas("k", bytes("a"), 0, 0))).isPresent();
        assertThat(opt(3, w -> w.kvCas("k", bytes("b"), 0, 0))).isEmpty();
        assertThat(opt(4, w -> w.kvCas("k", bytes("c"), 0, 99))).isEmpty();
        assertThat(opt(5, w -> w.kvCas("k", bytes("d"), 0, 2))).isPresent();
        assertThat(store.kvGet("k").value().orElseThrow().value()).isEqualTo(bytes("d"));
        assertThat(opt(6, w -> w.kvCas("missing", bytes("x"), 0, 5))).isEmpty();
    }

    @Test
    void listAndKeysHonourPrefixAndSeparator() {
        store.write(1, w -> {
            w.kvSet("app/a", bytes("1"), 0);
            w.kvSet("app/b/c", bytes("2"), 0);
            w.kvSet("app/b/d", bytes("3"), 0);
            w.kvSet("other", bytes("4"), 0);
            return null;
        });
        assertThat(store.kvList("app/").value()).extracting(KvEntry::key).containsExactly("app/a", "app/b/c", "app/b/d");
        assertThat(store.kvKeys("app/", "/").value()).containsExactly("app/a", "app/b/");
        assertThat(store.kvKeys("", null).value()).containsExactly("app/a", "app/b/c", "app/b/d", "other");
    }

    @Test
    void deletedKeyLeavesATombstoneThatMovesTheListIndexUntilReaped() {
        store.write(2, w -> w.kvSet("a/1", bytes("x"), 0));
        store.write(3, w -> w.kvSet("a/2", bytes("x"), 0));
        store.write(4, w -> w.kvSet("b/1", bytes("x"), 0));
        assertThat(store.kvList("a/").index()).isEqualTo(3);

        store.write(7, w -> w.kvDelete("a/2"));
        assertThat(store.kvList("a/").index()).isEqualTo(7);
        assertThat(store.kvList("a/").value()).extracting(KvEntry::key).containsExactly("a/1");
        assertThat(store.kvList("b/").index()).isEqualTo(4);

        store.write(8, w -> {
            w.kvReapTombstones(7);
            return null;
        });
        assertThat(store.kvList("a/").index()).isEqualTo(2);
    }

    @Test
    void deleteTreeAndDeleteCas() {
        store.write(2, w -> {
            w.kvSet("t/1", bytes("x"), 0);
            w.kvSet("t/2", bytes("x"), 0);
            w.kvSet("u", bytes("x"), 0);
            return null;
        });
        int deleted = store.write(3, w -> w.kvDeleteTree("t/"));
        assertThat(deleted).isEqualTo(2);
        assertThat(store.kvList("t/").value()).isEmpty();
        assertThat(bool(4, w -> w.kvDeleteCas("u", 1))).isFalse();
        assertThat(bool(5, w -> w.kvDeleteCas("u", 2))).isTrue();
        assertThat(store.kvGet("u").value()).isEmpty();
    }

    @Test
    void lockIncrementsLockIndexOnlyWhenTheHolderChanges() {
        store.write(1, w -> w.ensureNode(StoreFixtures.node("n1", "10.0.0.1")));
        store.write(2, w -> w.createSession(StoreFixtures.session("s1", "n1", "release", List.of())));
        store.write(3, w -> w.createSession(StoreFixtures.session("s2", "n1", "release", List.of())));

        assertThat(opt(4, w -> w.kvLock("l", bytes("a"), 0, "s1"))).get()
                .extracting(KvEntry::lockIndex, KvEntry::session).containsExactly(1L, "s1");
        assertThat(opt(5, w -> w.kvLock("l", bytes("b"), 0, "s1"))).get()
                .extracting(KvEntry::lockIndex).isEqualTo(1L);
        assertThat(opt(6, w -> w.kvLock("l", bytes("c"), 0, "s2"))).isEmpty();
        assertThat(opt(7, w -> w.kvUnlock("l", bytes("d"), 0, "s2"))).isEmpty();
        assertThat(opt(8, w -> w.kvUnlock("l", bytes("e"), 0, "s1"))).get()
                .extracting(KvEntry::session).isNull();
        assertThat(opt(9, w -> w.kvLock("l", bytes("f"), 0, "s2"))).get()
                .extracting(KvEntry::lockIndex, KvEntry::session).containsExactly(2L, "s2");
        // A plain set keeps the holder.
        assertThat(store.write(10, w -> w.kvSet("l", bytes("g"), 0)).session()).isEqualTo("s2");
    }

    @Test
    void lockWithUnknownSessionIsRefusedWithConsulsText() {
        assertThatThrownBy(() -> store.write(2, w -> w.kvLock("l", bytes("a"), 0, "nope")))
                .isInstanceOf(StoreException.class).hasMessage("invalid session \"nope\"");
        assertThat(store.kvGet("l").value()).isEmpty();
    }

    @Test
    void destroyingASessionReleasesItsLocksWithLockDelay() {
        store.write(1, w -> w.ensureNode(StoreFixtures.node("n1", "10.0.0.1")));
        store.write(2, w -> w.createSession(StoreFixtures.session("s1", "n1", "release", List.of())));
        store.write(3, w -> w.kvLock("l", bytes("a"), 0, "s1"));

        store.write(4, w -> w.destroySession("s1"));

        KvEntry e = store.kvGet("l").value().orElseThrow();
        assertThat(e.session()).isNull();
        assertThat(e.modifyIndex()).isEqualTo(4);
        assertThat(e.lockIndex()).isEqualTo(1);
        assertThat(store.kvLockDelay("l")).contains(now.plus(Duration.ofSeconds(15)));
        assertThat(store.kvLockDelay("other")).isEmpty();
    }

    @Test
    void deleteBehaviorDeletesTheLockedKeys() {
        store.write(1, w -> w.ensureNode(StoreFixtures.node("n1", "10.0.0.1")));
        store.write(2, w -> w.createSession(StoreFixtures.session("s1", "n1", "delete", List.of())));
        store.write(3, w -> w.kvLock("l", bytes("a"), 0, "s1"));
        store.write(4, w -> w.destroySession("s1"));
        assertThat(store.kvGet("l").value()).isEmpty();
        assertThat(store.kvList("l").index()).isEqualTo(4);
    }

    @Test
    void aFailingWriteRollsEverythingBack() {
        store.write(2, w -> w.kvSet("keep", bytes("1"), 0));
        assertThatThrownBy(() -> store.write(3, w -> {
            w.kvSet("keep", bytes("changed"), 0);
            w.kvSet("new", bytes("x"), 0);
            w.kvDelete("keep");
            throw new StoreException("boom");
        })).hasMessage("boom");

        assertThat(store.kvGet("keep").value().orElseThrow().value()).isEqualTo(bytes("1"));
        assertThat(store.kvGet("new").value()).isEmpty();
        assertThat(store.kvList("").index()).isEqualTo(2);
        assertThat(store.kvList("keep").index()).isEqualTo(2);
    }
}
