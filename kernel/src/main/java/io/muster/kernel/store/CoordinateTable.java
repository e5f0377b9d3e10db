package io.muster.kernel.store;

import io.muster.spi.model.Coordinate;
import io.muster.spi.store.Read;
import io.muster.spi.store.Watch;

import java.util.List;
import java.util.TreeMap;

/** Network coordinates by node and segment (kept simple: last writer wins, no validation). */
final class CoordinateTable {
    static final String TABLE = "coordinates";

    private final TxMap<String, Coordinate> coordinates = new TxMap<>(new TreeMap<>());
    private final Watches watches;

    CoordinateTable(Watches watches) {
        this.watches = watches;
    }

    void set(Tx tx, Coordinate c) {
        coordinates.put(tx, CatalogTables.rowKey(c.node(), c.segment()), c);
        tx.touchTable(TABLE);
    }

    void deleteNode(Tx tx, String node) {
        for (String key : List.copyOf(TxMap.prefixed(coordinates.view(), node + '\0').keySet())) {
            coordinates.remove(tx, key);
            tx.touchTable(TABLE);
        }
    }

    Read<List<Coordinate>> readAll() {
        Watch w = watches.table(TABLE);
        return new Read<>(watches.tableIndex(TABLE), List.copyOf(coordinates.view().values()), w);
    }

    List<Coordinate> dump() {
        return List.copyOf(coordinates.view().values());
    }

    void restore(List<Coordinate> content) {
        coordinates.clearForRestore();
        content.forEach(c -> coordinates.putForRestore(CatalogTables.rowKey(c.node(), c.segment()), c));
    }
}
