package io.muster.kernel.store;

import io.muster.spi.model.ConfigEntry;
import io.muster.spi.store.Read;
import io.muster.spi.store.Watch;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Config entries by kind and name; reads of one kind watch that kind only. */
final class ConfigEntryTable {
    static final String TABLE = "config-entries";

    private final TxMap<String, ConfigEntry> entries = new TxMap<>(new TreeMap<>());
    private final Watches watches;

    ConfigEntryTable(Watches watches) {
        this.watches = watches;
    }

    private static String rowKey(String kind, String name) {
        return kind + '\0' + name;
    }

    private static String watchKey(String kind) {
        return "cfg:" + kind;
    }

    Optional<ConfigEntry> get(String kind, String name) {
        return entries.get(rowKey(kind, name));
    }

    ConfigEntry set(Tx tx, ConfigEntry entry) {
        ConfigEntry existing = entries.getOrNull(rowKey(entry.kind(), entry.name()));
        ConfigEntry stored = new ConfigEntry(entry.kind(), entry.name(), entry.body(),
                existing == null ? tx.index : existing.createIndex(), tx.index);
        entries.put(tx, rowKey(entry.kind(), entry.name()), stored);
        tx.touch(watchKey(entry.kind()));
        tx.touchTable(TABLE);
        return stored;
    }

    boolean delete(Tx tx, String kind, String name) {
        boolean removed = entries.remove(tx, rowKey(kind, name)) != null;
        // A delete moves the kind's index even when nothing was there, so a blocking reader sees the write.
        tx.touch(watchKey(kind));
        tx.touchTable(TABLE);
        return removed;
    }

    Read<List<ConfigEntry>> readKind(String kind) {
        if (kind.isEmpty()) {
            return new Read<>(watches.tableIndex(TABLE), List.copyOf(entries.view().values()), watches.table(TABLE));
        }
        Watch w = watches.watch(watchKey(kind));
        List<ConfigEntry> rows = List.copyOf(TxMap.prefixed(entries.view(), kind + '\0').values());
        return new Read<>(watches.keyOrTableIndex(watchKey(kind), TABLE), rows, w);
    }

    Read<Optional<ConfigEntry>> readOne(String kind, String name) {
        Watch w = watches.watch(watchKey(kind));
        return new Read<>(watches.keyOrTableIndex(watchKey(kind), TABLE), get(kind, name), w);
    }

    List<ConfigEntry> dump() {
        return List.copyOf(entries.view().values());
    }

    void restore(List<ConfigEntry> content) {
        entries.clearForRestore();
        content.forEach(e -> entries.putForRestore(rowKey(e.kind(), e.name()), e));
    }
}
