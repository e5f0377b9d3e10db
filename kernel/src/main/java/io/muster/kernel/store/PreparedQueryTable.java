package io.muster.kernel.store;

import io.muster.spi.model.PreparedQuery;
import io.muster.spi.store.Read;
import io.muster.spi.store.StoreException;
import io.muster.spi.store.Watch;

import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Prepared queries stored as records; the endpoint that executes them interprets their definition. */
final class PreparedQueryTable {
    static final String TABLE = "prepared-queries";

    private final TxMap<String, PreparedQuery> queries = new TxMap<>(new TreeMap<>());
    private final Watches watches;

    PreparedQueryTable(Watches watches) {
        this.watches = watches;
    }

    PreparedQuery set(Tx tx, PreparedQuery q, Predicate<String> sessionExists) {
        if (!q.name().isEmpty()) {
            for (PreparedQuery other : queries.view().values()) {
                if (!other.id().equals(q.id()) && other.name().equals(q.name())) {
                    throw new StoreException("name '" + q.name() + "' aliases an existing query name");
                }
            }
        }
        if (!q.session().isEmpty() && !sessionExists.test(q.session())) {
            throw new StoreException("invalid session \"" + q.session() + "\"");
        }
        PreparedQuery existing = queries.getOrNull(q.id());
        PreparedQuery stored = new PreparedQuery(q.id(), q.name(), q.session(), q.token(), q.definition(),
                existing == null ? tx.index : existing.createIndex(), tx.index);
        queries.put(tx, q.id(), stored);
        tx.touchTable(TABLE);
        return stored;
    }

    boolean delete(Tx tx, String id) {
        boolean removed = queries.remove(tx, id) != null;
        if (removed) {
            tx.touchTable(TABLE);
        }
        return removed;
    }

    Read<List<PreparedQuery>> readAll() {
        Watch w = watches.table(TABLE);
        return new Read<>(watches.tableIndex(TABLE), List.copyOf(queries.view().values()), w);
    }

    List<PreparedQuery> dump() {
        return List.copyOf(queries.view().values());
    }

    void restore(List<PreparedQuery> content) {
        queries.clearForRestore();
        content.forEach(q -> queries.putForRestore(q.id(), q));
    }
}
