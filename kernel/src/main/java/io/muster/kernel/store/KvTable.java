package io.muster.kernel.store;

import io.muster.spi.model.KvEntry;
import io.muster.spi.store.Read;
import io.muster.spi.store.StoreException;
import io.muster.spi.store.Watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The KV table: entries by key, the keys each session locks, tombstones, and lock-delays. */
final class KvTable {
    static final String TABLE = "kvs";

    private final TxMap<String, KvEntry> entries = new TxMap<>(new TreeMap<>());
    private final TxMap<String, Set<String>> keysBySession = new TxMap<>(new TreeMap<>());
    private final Tombstones tombstones = new Tombstones();
    /** Not replicated state (Consul keeps it in memory too): wall-clock expiry per key. */
    private final Map<String, Instant> lockDelays = new ConcurrentHashMap<>();
    private final Watches watches;
    private final Clock clock;

    KvTable(Watches watches, Clock clock) {
        this.watches = watches;
        this.clock = clock;
    }

    // reads (under the store's read lock)

    Optional<KvEntry> get(String key) {
        return entries.get(key);
    }

    List<KvEntry> tree(String prefix) {
        List<KvEntry> out = new ArrayList<>();
        for (Map.Entry<String, KvEntry> e : TxMap.under(entries, prefix)) {
            out.add(e.getValue());
        }
        return out;
    }

    Read<Optional<KvEntry>> readGet(String key) {
        // Consul answers a single-key read with the table's index and watches only that key.
        Watch watch = watches.watch("kv:" + key);
        return new Read<>(watches.tableIndex(TABLE), entries.get(key), watch);
    }

    Read<List<KvEntry>> readList(String prefix) {
        Watch watch = watches.watch("kvp:" + prefix);
        List<KvEntry> found = tree(prefix);
        return new Read<>(listIndex(prefix, found), found, watch);
    }

    Read<List<String>> readKeys(String prefix, String separator) {
        Watch watch = watches.watch("kvp:" + prefix);
        List<KvEntry> found = tree(prefix);
        TreeSet<String> keys = new TreeSet<>();
        for (KvEntry e : found) {
            String key = e.key();
            if (separator != null && !separator.isEmpty()) {
                int at = key.indexOf(separator, prefix.length());
                if (at >= 0) {
                    key = key.substring(0, at + separator.length());
                }
            }
            keys.add(key);
        }
        return new Read<>(listIndex(prefix, found), List.copyOf(keys), watch);
    }

    /** Highest ModifyIndex of the entries or tombstones under the prefix; the table's for the empty prefix or none. */
    private long listIndex(String prefix, List<KvEntry> found) {
        long tableIndex = watches.tableIndex(TABLE);
        if (prefix.isEmpty()) {
            return tableIndex;
        }
        long max = tombstones.maxIndexUnder(prefix);
        for (KvEntry e : found) {
            max = Math.max(max, e.modifyIndex());
        }
        return max == 0 ? tableIndex : max;
    }

    Optional<Instant> lockDelay(String key) {
        Instant until = lockDelays.get(key);
        if (until == null) {
            return Optional.empty();
        }
        if (!until.isAfter(clock.instant())) {
            lockDelays.remove(key, until);
            return Optional.empty();
        }
        return Optional.of(until);
    }

    // writes (under the store's write lock, inside a Tx)

    KvEntry set(Tx tx, String key, byte[] value, long flags) {
        KvEntry existing = entries.getOrNull(key);
        if (existing != null && existing.flags() == flags && Arrays.equals(existing.value(), value)) {
            return existing; // Consul skips writes that change nothing, so blocking readers are not woken
        }
        KvEntry entry = existing == null
                ? new KvEntry(key, tx.index, tx.index, 0, flags, value, null)
                : new KvEntry(key, existing.createIndex(), tx.index, existing.lockIndex(), flags, value, existing.session());
        put(tx, entry, existing);
        return entry;
    }

    Optional<KvEntry> cas(Tx tx, String key, byte[] value, long flags, long casIndex) {
        KvEntry existing = entries.getOrNull(key);
        if (casIndex == 0 ? existing != null : existing == null || existing.modifyIndex() != casIndex) {
            return Optional.empty();
        }
        return Optional.of(set(tx, key, value, flags));
    }

    Optional<KvEntry> lock(Tx tx, String key, byte[] value, long flags, String session, Predicate<String> sessionExists) {
        if (session == null || session.isEmpty()) {
            throw new StoreException("missing session");
        }
        if (!sessionExists.test(session)) {
            throw new StoreException("invalid session \"" + session + "\"");
        }
        KvEntry existing = entries.getOrNull(key);
        KvEntry entry;
        if (existing == null) {
            entry = new KvEntry(key, tx.index, tx.index, 1, flags, value, session);
        } else if (session.equals(existing.session())) {
            entry = new KvEntry(key, existing.createIndex(), tx.index, existing.lockIndex(), flags, value, session);
        } else if (existing.session() != null) {
            return Optional.empty();
        } else {
            entry = new KvEntry(key, existing.createIndex(), tx.index, existing.lockIndex() + 1, flags, value, session);
        }
        put(tx, entry, existing);
        return Optional.of(entry);
    }

    Optional<KvEntry> unlock(Tx tx, String key, byte[] value, long flags, String session) {
        if (session == null || session.isEmpty()) {
            throw new StoreException("missing session");
        }
        KvEntry existing = entries.getOrNull(key);
        if (existing == null || !session.equals(existing.session())) {
            return Optional.empty();
        }
        KvEntry entry = new KvEntry(key, existing.createIndex(), tx.index, existing.lockIndex(), flags, value, null);
        put(tx, entry, existing);
        return Optional.of(entry);
    }

    boolean delete(Tx tx, String key) {
        KvEntry existing = entries.remove(tx, key);
        if (existing == null) {
            return false;
        }
        unindexSession(tx, existing);
        tombstones.insert(tx, key);
        tx.kvChanged(key);
        return true;
    }

    boolean deleteCas(Tx tx, String key, long casIndex) {
        KvEntry existing = entries.getOrNull(key);
        if (existing == null) {
            return true;
        }
        if (existing.modifyIndex() != casIndex) {
            return false;
        }
        return delete(tx, key);
    }

    int deleteTree(Tx tx, String prefix) {
        List<String> keys = tree(prefix).stream().map(KvEntry::key).toList();
        keys.forEach(k -> delete(tx, k));
        return keys.size();
    }

    void reapTombstones(Tx tx, long upTo) {
        if (tombstones.reap(tx, upTo) > 0) {
            tx.touchTable("tombstones");
        }
    }

    /** Session invalidation: release (or delete) its locks and start their lock-delay. */
    void invalidateSession(Tx tx, String session, boolean deleteKeys, Duration lockDelay) {
        Set<String> held = keysBySession.get(session).orElse(Set.of());
        for (String key : List.copyOf(held)) {
            if (deleteKeys) {
                delete(tx, key);
            } else {
                KvEntry existing = entries.getOrNull(key);
                if (existing != null) {
                    put(tx, new KvEntry(key, existing.createIndex(), tx.index, existing.lockIndex(), existing.flags(),
                            existing.value(), null), existing);
                }
            }
        }
        if (lockDelay != null && !lockDelay.isZero() && !held.isEmpty()) {
            tx.afterCommit.add(() -> {
                Instant until = clock.instant().plus(lockDelay);
                held.forEach(k -> lockDelays.put(k, until));
            });
        }
    }

    private void put(Tx tx, KvEntry entry, KvEntry existing) {
        entries.put(tx, entry.key(), entry);
        if (existing != null && existing.session() != null && !existing.session().equals(entry.session())) {
            unindexSession(tx, existing);
        }
        if (entry.session() != null) {
            Set<String> keys = new HashSet<>(keysBySession.get(entry.session()).orElse(Set.of()));
            if (keys.add(entry.key())) {
                keysBySession.put(tx, entry.session(), Set.copyOf(keys));
            }
        }
        tx.kvChanged(entry.key());
    }

    private void unindexSession(Tx tx, KvEntry entry) {
        if (entry.session() == null) {
            return;
        }
        Set<String> keys = new HashSet<>(keysBySession.get(entry.session()).orElse(Set.of()));
        keys.remove(entry.key());
        if (keys.isEmpty()) {
            keysBySession.remove(tx, entry.session());
        } else {
            keysBySession.put(tx, entry.session(), Set.copyOf(keys));
        }
    }

    // snapshot

    List<KvEntry> dump() {
        return List.copyOf(entries.view().values());
    }

    Map<String, Long> dumpTombstones() {
        return tombstones.dump();
    }

    int tombstoneCount() {
        return tombstones.size();
    }

    void restore(List<KvEntry> content, Map<String, Long> stones) {
        entries.clearForRestore();
        keysBySession.clearForRestore();
        Map<String, Set<String>> bySession = new HashMap<>();
        for (KvEntry e : content) {
            entries.putForRestore(e.key(), e);
            if (e.session() != null) {
                bySession.computeIfAbsent(e.session(), s -> new HashSet<>()).add(e.key());
            }
        }
        bySession.forEach((s, keys) -> keysBySession.putForRestore(s, Set.copyOf(keys)));
        tombstones.restore(stones);
        lockDelays.clear();
    }
}
