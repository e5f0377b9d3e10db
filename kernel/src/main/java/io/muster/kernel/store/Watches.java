package io.muster.kernel.store;

import io.muster.spi.store.Watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watch channels by key, and the index at which each key and table last changed. Keys: {@code kv:KEY} (one
 * key), {@code kvp:PREFIX} (a prefix listing), {@code table:T}, {@code node:N}, {@code svc:S}, {@code sess:ID}.
 * A KV write fires {@code kv:K} and the {@code kvp:} of each prefix of K that somebody watches, found by
 * looking up the prefixes of K (length of K lookups), so unrelated prefixes are never woken.
 */
final class Watches {
    private final ConcurrentHashMap<String, WatchChannel> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> keyIndexes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> tableIndexes = new ConcurrentHashMap<>();

    Watch watch(String key) {
        return channels.computeIfAbsent(key, k -> new WatchChannel());
    }

    Watch table(String table) {
        return watch("table:" + table);
    }

    long keyIndex(String key) {
        return keyIndexes.getOrDefault(key, 0L);
    }

    long tableIndex(String... tables) {
        long max = 0;
        for (String t : tables) {
            max = Math.max(max, tableIndexes.getOrDefault(t, 0L));
        }
        return max;
    }

    /** The key's index, or the tables' when the key never changed (Consul falls back to the table index). */
    long keyOrTableIndex(String key, String... tables) {
        long idx = keyIndex(key);
        return idx > 0 ? idx : tableIndex(tables);
    }

    /** Applies a committed write's index updates and detaches the channels to fire (the caller fires them unlocked). */
    List<WatchChannel> commit(Tx tx) {
        List<WatchChannel> toFire = new ArrayList<>();
        for (String key : tx.touchedKeys) {
            keyIndexes.merge(key, tx.index, Math::max);
            detach(key, toFire);
        }
        for (String table : tx.touchedTables) {
            tableIndexes.merge(table, tx.index, Math::max);
            detach("table:" + table, toFire);
        }
        for (String key : tx.changedKvKeys) {
            detach("kv:" + key, toFire);
            for (int i = 0; i <= key.length(); i++) {
                detach("kvp:" + key.substring(0, i), toFire);
            }
        }
        return toFire;
    }

    private void detach(String key, List<WatchChannel> toFire) {
        WatchChannel channel = channels.remove(key);
        if (channel != null) {
            toFire.add(channel);
        }
    }

    /** Restore: every reader must re-read. */
    List<WatchChannel> detachAll() {
        List<WatchChannel> all = new ArrayList<>(channels.values());
        channels.clear();
        return all;
    }

    Map<String, Long> keyIndexes() {
        return Map.copyOf(keyIndexes);
    }

    Map<String, Long> tableIndexes() {
        return Map.copyOf(tableIndexes);
    }

    void restoreIndexes(Map<String, Long> keys, Map<String, Long> tables) {
        keyIndexes.clear();
        keyIndexes.putAll(keys);
        tableIndexes.clear();
        tableIndexes.putAll(tables);
    }

    /** Callbacks currently parked on channels (for tests and metrics). */
    int parkedWaiters() {
        return channels.values().stream().mapToInt(WatchChannel::waiters).sum();
    }
}
