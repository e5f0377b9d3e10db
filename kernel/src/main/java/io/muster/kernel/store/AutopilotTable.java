package io.muster.kernel.store;

import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.store.Read;

import java.util.Optional;
import java.util.TreeMap;

/** The one autopilot configuration row (absent until an operator stores one). */
final class AutopilotTable {
    static final String TABLE = "autopilot";
    private static final String ROW = "config";

    private final TxMap<String, AutopilotConfig> rows = new TxMap<>(new TreeMap<>());
    private final Watches watches;

    AutopilotTable(Watches watches) {
        this.watches = watches;
    }

    Optional<AutopilotConfig> get() {
        return rows.get(ROW);
    }

    AutopilotConfig set(Tx tx, AutopilotConfig config) {
        AutopilotConfig existing = rows.getOrNull(ROW);
        AutopilotConfig stored = config.withIndexes(existing == null ? tx.index : existing.createIndex(), tx.index);
        rows.put(tx, ROW, stored);
        tx.touchTable(TABLE);
        return stored;
    }

    Read<Optional<AutopilotConfig>> read() {
        return new Read<>(watches.tableIndex(TABLE), get(), watches.table(TABLE));
    }

    AutopilotConfig dump() {
        return rows.getOrNull(ROW);
    }

    void restore(AutopilotConfig content) {
        rows.clearForRestore();
        if (content != null) {
            rows.putForRestore(ROW, content);
        }
    }
}
