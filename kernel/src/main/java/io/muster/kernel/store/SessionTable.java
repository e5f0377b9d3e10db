package io.muster.kernel.store;

import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Session;
import io.muster.spi.store.Read;
import io.muster.spi.store.StoreException;
import io.muster.spi.store.Watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Sessions by id. Destroying one releases or deletes its locks (its behavior) and starts their lock-delay. */
final class SessionTable {
    static final String TABLE = "sessions";

    private final TxMap<String, Session> sessions = new TxMap<>(new TreeMap<>());
    private final Watches watches;
    private final KvTable kv;
    private final CatalogTables catalog;

    SessionTable(Watches watches, KvTable kv, CatalogTables catalog) {
        this.watches = watches;
        this.kv = kv;
        this.catalog = catalog;
    }

    Optional<Session> get(String id) {
        return sessions.get(id);
    }

    Read<Optional<Session>> readGet(String id) {
        Watch w = watches.watch("sess:" + id);
        return new Read<>(watches.tableIndex(TABLE), sessions.get(id), w);
    }

    Read<List<Session>> readAll() {
        Watch w = watches.table(TABLE);
        return new Read<>(watches.tableIndex(TABLE), List.copyOf(sessions.view().values()), w);
    }

    Read<List<Session>> readNode(String node) {
        Watch w = watches.table(TABLE);
        List<Session> out = sessions.view().values().stream().filter(s -> s.node().equals(node)).toList();
        return new Read<>(watches.tableIndex(TABLE), out, w);
    }

    Session create(Tx tx, Session session) {
        if (sessions.getOrNull(session.id()) != null) {
            throw new StoreException("Session ID '" + session.id() + "' already exists");
        }
        if (catalog.node(session.node()).isEmpty()) {
            throw new StoreException(CatalogTables.MISSING_NODE);
        }
        List<String> checkIds = new ArrayList<>(session.nodeChecks());
        checkIds.addAll(session.serviceChecks());
        for (String checkId : checkIds) {
            HealthCheck check = catalog.check(session.node(), checkId)
                    .orElseThrow(() -> new StoreException("Missing check '" + checkId + "' registration"));
            if (check.status() == HealthStatus.CRITICAL) {
                throw new StoreException("Check '" + checkId + "' is in " + check.status().wire() + " state");
            }
        }
        Session stored = new Session(session.id(), session.name(), session.node(), session.nodeChecks(),
                session.serviceChecks(), session.lockDelay(), session.behavior(), session.ttl(), tx.index, tx.index);
        sessions.put(tx, stored.id(), stored);
        touch(tx, stored.id());
        return stored;
    }

    boolean destroy(Tx tx, String id) {
        Session removed = sessions.remove(tx, id);
        if (removed == null) {
            return false;
        }
        kv.invalidateSession(tx, id, "delete".equals(removed.behavior()), removed.lockDelay());
        touch(tx, id);
        return true;
    }

    /** A check a session depends on turned critical or was removed: the session is invalidated (Consul). */
    void invalidateForCheck(Tx tx, String node, String checkId) {
        for (Session s : List.copyOf(sessions.view().values())) {
            if (s.node().equals(node) && (s.nodeChecks().contains(checkId) || s.serviceChecks().contains(checkId))) {
                destroy(tx, s.id());
            }
        }
    }

    void invalidateForNode(Tx tx, String node) {
        for (Session s : List.copyOf(sessions.view().values())) {
            if (s.node().equals(node)) {
                destroy(tx, s.id());
            }
        }
    }

    private void touch(Tx tx, String id) {
        tx.touch("sess:" + id);
        tx.touchTable(TABLE);
    }

    List<Session> dump() {
        return List.copyOf(sessions.view().values());
    }

    void restore(List<Session> content) {
        sessions.clearForRestore();
        content.forEach(s -> sessions.putForRestore(s.id(), s));
    }
}
