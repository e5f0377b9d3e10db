package io.muster.spi.store;

import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.ConfigEntry;
import io.muster.spi.model.Coordinate;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Node;
import io.muster.spi.model.PreparedQuery;
import io.muster.spi.model.Service;
import io.muster.spi.model.Session;

import java.util.Optional;

/**
 * The write operations of one atomic store write, with Consul's state-store semantics. Every change happens at
 * the write's index (create/modify indexes are assigned by the store; those in arguments are ignored). A
 * {@link StoreException} (or any exception) thrown out of the write body rolls every change back.
 */
public interface StoreWriter extends StoreReader {
    /** The index this write applies at. */
    long index();

    /** Sets a key, keeping its session and lock index; returns the stored entry. */
    KvEntry kvSet(String key, byte[] value, long flags);

    /** Check-and-set: 0 = only if absent, N = only if ModifyIndex is N. Empty when the condition failed. */
    Optional<KvEntry> kvCas(String key, byte[] value, long flags, long casIndex);

    /**
     * Acquires the key's lock for {@code session} (LockIndex increments when the lock changes hands). Empty when
     * another session holds it; {@link StoreException} "invalid session" when the session does not exist.
     */
    Optional<KvEntry> kvLock(String key, byte[] value, long flags, String session);

    /** Releases the lock if {@code session} holds it; empty otherwise. */
    Optional<KvEntry> kvUnlock(String key, byte[] value, long flags, String session);

    /** Deletes one key (leaving a tombstone); false when it did not exist. */
    boolean kvDelete(String key);

    /** Deletes the key only if its ModifyIndex is {@code casIndex}; true also when the key is already gone. */
    boolean kvDeleteCas(String key, long casIndex);

    /** Deletes every key under {@code prefix}; returns how many. */
    int kvDeleteTree(String prefix);

    /** Drops tombstones at or below {@code index} (KV tombstone GC). */
    void kvReapTombstones(long index);

    /** Inserts or updates a node; a no-op when nothing but indexes differ. Returns the stored node. */
    Node ensureNode(Node node);

    /** Inserts or updates a service on an existing node ("Missing node registration" otherwise). */
    Service ensureService(String node, Service service);

    /**
     * Inserts or updates a check on an existing node (and service, when {@code serviceId} is set). A check
     * turning critical invalidates the sessions that depend on it.
     */
    HealthCheck ensureCheck(HealthCheck check);

    /** Removes a node with its services, checks, sessions and coordinates. */
    boolean deleteNode(String node);

    /** Removes a service and its checks. */
    boolean deleteService(String node, String serviceId);

    boolean deleteCheck(String node, String checkId);

    /** Creates a session after Consul's checks (node registered, checks present and not critical). */
    Session createSession(Session session);

    /** Destroys a session: its locks are released or deleted per its behavior, with its lock-delay. */
    boolean destroySession(String id);

    void setCoordinate(Coordinate coordinate);

    PreparedQuery setPreparedQuery(PreparedQuery query);

    boolean deletePreparedQuery(String id);

    /** Inserts or replaces an entry (indexes assigned by the store); returns the stored entry. */
    default ConfigEntry setConfigEntry(ConfigEntry entry) {
        throw new UnsupportedOperationException(getClass().getName() + " does not store config entries");
    }

    default boolean deleteConfigEntry(String kind, String name) {
        throw new UnsupportedOperationException(getClass().getName() + " does not store config entries");
    }

    /** Replaces the autopilot configuration (indexes assigned by the store); returns the stored one. */
    default AutopilotConfig setAutopilotConfig(AutopilotConfig config) {
        throw new UnsupportedOperationException(getClass().getName() + " does not store the autopilot configuration");
    }
}
