package io.muster.kernel.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * KV tombstones (Consul's graveyard): a deleted key leaves its deletion index behind so that a listing of its
 * prefix reports an index that moved forward. Reaped by the leader's tombstone GC.
 */
final class Tombstones {
    private final TxMap<String, Long> stones = new TxMap<>(new TreeMap<>());

    void insert(Tx tx, String key) {
        stones.put(tx, key, tx.index);
    }

    /** The highest deletion index under {@code prefix}, 0 when none. */
    long maxIndexUnder(String prefix) {
        long max = 0;
        for (Map.Entry<String, Long> e : TxMap.under(stones, prefix)) {
            max = Math.max(max, e.getValue());
        }
        return max;
    }

    int reap(Tx tx, long upTo) {
        List<String> dead = new ArrayList<>();
        for (Map.Entry<String, Long> e : stones.view().entrySet()) {
            if (e.getValue() <= upTo) {
                dead.add(e.getKey());
            }
        }
        dead.forEach(k -> stones.remove(tx, k));
        return dead.size();
    }

    Map<String, Long> dump() {
        return Map.copyOf(stones.view());
    }

    void restore(Map<String, Long> content) {
        stones.clearForRestore();
        content.forEach(stones::putForRestore);
    }

    int size() {
        return stones.size();
    }
}
