package io.muster.kernel.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.ConfigEntry;
import io.muster.spi.model.Coordinate;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.PreparedQuery;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.model.ServiceNode;
import io.muster.spi.model.Session;
import io.muster.spi.store.Read;
import io.muster.spi.store.StateStore;
import io.muster.spi.store.StoreReader;
import io.muster.spi.store.StoreWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The kernel's default state store, in memory. Tables own their rows, indexes and watch keys; this facade
 * holds the global index, the lock and the commit/watch machinery. Reads take the read lock for the time of
 * one lookup and copy out immutable records; the single writer (the state machine) takes the write lock for
 * one command. Watches fire after the write lock is released.
 */
public final class MemoryStateStore implements StateStore {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Watches watches = new Watches();
    private final KvTable kv;
    private final CatalogTables catalog;
    private final SessionTable sessions;
    private final CoordinateTable coordinates;
    private final PreparedQueryTable preparedQueries;
    private final ConfigEntryTable configEntries;
    private final AutopilotTable autopilot;
    private final ObjectMapper cbor = StoreCbor.newMapper();
    private volatile long index;

    public MemoryStateStore(Clock clock) {
        this.kv = new KvTable(watches, clock);
        this.catalog = new CatalogTables(watches);
        this.sessions = new SessionTable(watches, kv, catalog);
        this.catalog.bind(sessions);
        this.coordinates = new CoordinateTable(watches);
        this.preparedQueries = new PreparedQueryTable(watches);
        this.configEntries = new ConfigEntryTable(watches);
        this.autopilot = new AutopilotTable(watches);
    }

    public MemoryStateStore() {
        this(Clock.systemUTC());
    }

    @Override
    public long index() {
        return index;
    }

    /** Callbacks parked on watches right now (tests, metrics). */
    public int parkedWatchers() {
        return watches.parkedWaiters();
    }

    @Override
    public <R> R write(long writeIndex, Function<StoreWriter, R> body) {
        Tx tx = new Tx(writeIndex);
        List<WatchChannel> toFire;
        R result;
        lock.writeLock().lock();
        try {
            try {
                result = body.apply(new Writer(tx));
            } catch (RuntimeException | Error e) {
                tx.rollback();
                index = Math.max(index, writeIndex);
                throw e;
            }
            toFire = watches.commit(tx);
            index = Math.max(index, writeIndex);
            tx.afterCommit.forEach(Runnable::run);
        } finally {
            lock.writeLock().unlock();
        }
        toFire.forEach(WatchChannel::fire);
        return result;
    }

    @Override
    public <R> R read(Function<StoreReader, R> body) {
        return locked(() -> body.apply(new Reader()));
    }

    private <T> T locked(Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    // snapshot / restore

    @Override
    public void snapshot(OutputStream out) throws IOException {
        StoreSnapshot snap = locked(() -> new StoreSnapshot(StoreSnapshot.FORMAT, StoreSnapshot.VERSION, index,
                watches.tableIndexes(), watches.keyIndexes(), catalog.dumpNodes(), catalog.dumpServices(),
                catalog.dumpChecks(), kv.dump(), kv.dumpTombstones(), sessions.dump(), coordinates.dump(),
                preparedQueries.dump(), configEntries.dump(), autopilot.dump()));
        cbor.writeValue(out, snap);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        StoreSnapshot snap = cbor.readValue(in, StoreSnapshot.class);
        if (!StoreSnapshot.FORMAT.equals(snap.format()) || snap.version() != StoreSnapshot.VERSION) {
            throw new IOException("Not a Muster state snapshot of version " + StoreSnapshot.VERSION + " (format "
                    + snap.format() + ", version " + snap.version() + "): restore it with the release that wrote it");
        }
        List<WatchChannel> toFire;
        lock.writeLock().lock();
        try {
            catalog.restore(nullSafe(snap.nodes()), nullSafe(snap.services()), nullSafe(snap.checks()));
            kv.restore(nullSafe(snap.kv()), snap.tombstones() == null ? java.util.Map.of() : snap.tombstones());
            sessions.restore(nullSafe(snap.sessions()));
            coordinates.restore(nullSafe(snap.coordinates()));
            preparedQueries.restore(nullSafe(snap.preparedQueries()));
            configEntries.restore(nullSafe(snap.configEntries()));
            autopilot.restore(snap.autopilot());
            watches.restoreIndexes(snap.keyIndexes() == null ? java.util.Map.of() : snap.keyIndexes(),
                    snap.tableIndexes() == null ? java.util.Map.of() : snap.tableIndexes());
            index = snap.index();
            toFire = watches.detachAll();
        } finally {
            lock.writeLock().unlock();
        }
        toFire.forEach(WatchChannel::fire);
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    // watched reads

    @Override
    public Read<Optional<KvEntry>> kvGet(String key) {
        return locked(() -> kv.readGet(key));
    }

    @Override
    public Read<List<KvEntry>> kvList(String prefix) {
        return locked(() -> kv.readList(prefix));
    }

    @Override
    public Read<List<String>> kvKeys(String prefix, String separator) {
        return locked(() -> kv.readKeys(prefix, separator));
    }

    @Override
    public Optional<Instant> kvLockDelay(String key) {
        return kv.lockDelay(key);
    }

    @Override
    public Read<List<Node>> nodes() {
        return locked(catalog::readNodes);
    }

    @Override
    public Read<Optional<NodeServices>> nodeServices(String node) {
        return locked(() -> catalog.readNodeServices(node));
    }

    @Override
    public Read<List<ServiceNode>> serviceInstances() {
        return locked(catalog::readAllInstances);
    }

    @Override
    public Read<List<ServiceNode>> serviceNodes(String service) {
        return locked(() -> catalog.readServiceNodes(service));
    }

    @Override
    public Read<List<HealthCheck>> nodeChecks(String node) {
        return locked(() -> catalog.readNodeChecks(node));
    }

    @Override
    public Read<List<HealthCheck>> serviceChecks(String service) {
        return locked(() -> catalog.readServiceChecks(service));
    }

    @Override
    public Read<List<HealthCheck>> checksInState(Optional<HealthStatus> state) {
        return locked(() -> catalog.readChecksInState(state));
    }

    @Override
    public Read<List<ServiceHealth>> serviceHealth(String service) {
        return locked(() -> catalog.readServiceHealth(service));
    }

    @Override
    public Read<Optional<Session>> session(String id) {
        return locked(() -> sessions.readGet(id));
    }

    @Override
    public Read<List<Session>> sessions() {
        return locked(sessions::readAll);
    }

    @Override
    public Read<List<Session>> nodeSessions(String node) {
        return locked(() -> sessions.readNode(node));
    }

    @Override
    public Read<List<Coordinate>> coordinates() {
        return locked(coordinates::readAll);
    }

    @Override
    public Read<List<PreparedQuery>> preparedQueries() {
        return locked(preparedQueries::readAll);
    }

    @Override
    public Read<List<ConfigEntry>> configEntries(String kind) {
        return locked(() -> configEntries.readKind(kind == null ? "" : kind));
    }

    @Override
    public Read<Optional<ConfigEntry>> configEntry(String kind, String name) {
        return locked(() -> configEntries.readOne(kind, name));
    }

    @Override
    public Read<Optional<AutopilotConfig>> autopilotConfig() {
        return locked(autopilot::read);
    }

    /** Point reads; used under a lock held by the caller (read() or write()). */
    private class Reader implements StoreReader {
        @Override
        public Optional<KvEntry> kv(String key) {
            return kv.get(key);
        }

        @Override
        public List<KvEntry> kvTree(String prefix) {
            return kv.tree(prefix);
        }

        @Override
        public Optional<Node> node(String name) {
            return catalog.node(name);
        }

        @Override
        public List<Service> services(String node) {
            return catalog.services(node);
        }

        @Override
        public Optional<Service> service(String node, String serviceId) {
            return catalog.service(node, serviceId);
        }

        @Override
        public List<HealthCheck> checks(String node) {
            return catalog.checks(node);
        }

        @Override
        public Optional<HealthCheck> check(String node, String checkId) {
            return catalog.check(node, checkId);
        }

        @Override
        public Optional<Session> session(String id) {
            return sessions.get(id);
        }

        @Override
        public Optional<ConfigEntry> configEntry(String kind, String name) {
            return configEntries.get(kind, name);
        }

        @Override
        public Optional<AutopilotConfig> autopilotConfig() {
            return autopilot.get();
        }
    }

    private final class Writer extends Reader implements StoreWriter {
        private final Tx tx;

        Writer(Tx tx) {
            this.tx = tx;
        }

        @Override
        public long index() {
            return tx.index;
        }

        @Override
        public KvEntry kvSet(String key, byte[] value, long flags) {
            return kv.set(tx, key, value, flags);
        }

        @Override
        public Optional<KvEntry> kvCas(String key, byte[] value, long flags, long casIndex) {
            return kv.cas(tx, key, value, flags, casIndex);
        }

        @Override
        public Optional<KvEntry> kvLock(String key, byte[] value, long flags, String session) {
            return kv.lock(tx, key, value, flags, session, id -> sessions.get(id).isPresent());
        }

        @Override
        public Optional<KvEntry> kvUnlock(String key, byte[] value, long flags, String session) {
            return kv.unlock(tx, key, value, flags, session);
        }

        @Override
        public boolean kvDelete(String key) {
            return kv.delete(tx, key);
        }

        @Override
        public boolean kvDeleteCas(String key, long casIndex) {
            return kv.deleteCas(tx, key, casIndex);
        }

        @Override
        public int kvDeleteTree(String prefix) {
            return kv.deleteTree(tx, prefix);
        }

        @Override
        public void kvReapTombstones(long upTo) {
            kv.reapTombstones(tx, upTo);
        }

        @Override
        public Node ensureNode(Node node) {
            return catalog.ensureNode(tx, node);
        }

        @Override
        public Service ensureService(String node, Service service) {
            return catalog.ensureService(tx, node, service);
        }

        @Override
        public HealthCheck ensureCheck(HealthCheck check) {
            return catalog.ensureCheck(tx, check);
        }

        @Override
        public boolean deleteNode(String node) {
            coordinates.deleteNode(tx, node);
            return catalog.deleteNode(tx, node);
        }

        @Override
        public boolean deleteService(String node, String serviceId) {
            return catalog.deleteService(tx, node, serviceId);
        }

        @Override
        public boolean deleteCheck(String node, String checkId) {
            return catalog.deleteCheck(tx, node, checkId);
        }

        @Override
        public Session createSession(Session session) {
            return sessions.create(tx, session);
        }

        @Override
        public boolean destroySession(String id) {
            return sessions.destroy(tx, id);
        }

        @Override
        public void setCoordinate(Coordinate coordinate) {
            coordinates.set(tx, coordinate);
        }

        @Override
        public PreparedQuery setPreparedQuery(PreparedQuery query) {
            return preparedQueries.set(tx, query, id -> sessions.get(id).isPresent());
        }

        @Override
        public boolean deletePreparedQuery(String id) {
            return preparedQueries.delete(tx, id);
        }

        @Override
        public ConfigEntry setConfigEntry(ConfigEntry entry) {
            return configEntries.set(tx, entry);
        }

        @Override
        public boolean deleteConfigEntry(String kind, String name) {
            return configEntries.delete(tx, kind, name);
        }

        @Override
        public AutopilotConfig setAutopilotConfig(AutopilotConfig config) {
            return autopilot.set(tx, config);
        }
    }
}
