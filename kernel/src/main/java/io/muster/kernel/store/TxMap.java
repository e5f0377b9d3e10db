package io.muster.kernel.store;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/** A sorted map whose writes are recorded in a {@link Tx}'s undo log. Reads and writes happen under the store's lock. */
final class TxMap<K, V> {
    private final NavigableMap<K, V> map;

    TxMap(NavigableMap<K, V> map) {
        this.map = map;
    }

    Optional<V> get(K key) {
        return Optional.ofNullable(map.get(key));
    }

    V getOrNull(K key) {
        return map.get(key);
    }

    NavigableMap<K, V> view() {
        return java.util.Collections.unmodifiableNavigableMap(map);
    }

    void put(Tx tx, K key, V value) {
        V previous = map.put(key, value);
        tx.onUndo(previous == null ? () -> map.remove(key) : () -> map.put(key, previous));
    }

    V remove(Tx tx, K key) {
        V previous = map.remove(key);
        if (previous != null) {
            tx.onUndo(() -> map.put(key, previous));
        }
        return previous;
    }

    /** Outside transactions: snapshot restore only. */
    void clearForRestore() {
        map.clear();
    }

    void putForRestore(K key, V value) {
        map.put(key, value);
    }

    int size() {
        return map.size();
    }

    static <V> NavigableMap<String, V> prefixed(NavigableMap<String, V> map, String prefix) {
        if (prefix.isEmpty()) {
            return map;
        }
        return map.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    static <V> Iterable<Map.Entry<String, V>> under(TxMap<String, V> txMap, String prefix) {
        return prefixed(txMap.map, prefix).entrySet();
    }
}
