package io.muster.kernel.consensus;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.TxnOp;
import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.ConfigEntry;
import io.muster.spi.model.Coordinate;
import io.muster.spi.model.PreparedQuery;
import io.muster.spi.model.Session;

import java.util.List;

/**
 * A replicated write. Every server applies the same commands in the same order at the same index, so a command
 * carries everything its outcome depends on (ids are chosen by the proposer, never at apply time).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@c")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Command.KvSet.class, name = "kv-set"),
        @JsonSubTypes.Type(value = Command.KvCas.class, name = "kv-cas"),
        @JsonSubTypes.Type(value = Command.KvLock.class, name = "kv-lock"),
        @JsonSubTypes.Type(value = Command.KvUnlock.class, name = "kv-unlock"),
        @JsonSubTypes.Type(value = Command.KvDelete.class, name = "kv-delete"),
        @JsonSubTypes.Type(value = Command.KvDeleteCas.class, name = "kv-delete-cas"),
        @JsonSubTypes.Type(value = Command.KvDeleteTree.class, name = "kv-delete-tree"),
        @JsonSubTypes.Type(value = Command.KvReapTombstones.class, name = "kv-reap"),
        @JsonSubTypes.Type(value = Command.CatalogRegister.class, name = "catalog-register"),
        @JsonSubTypes.Type(value = Command.CatalogDeregister.class, name = "catalog-deregister"),
        @JsonSubTypes.Type(value = Command.SessionCreate.class, name = "session-create"),
        @JsonSubTypes.Type(value = Command.SessionDestroy.class, name = "session-destroy"),
        @JsonSubTypes.Type(value = Command.Txn.class, name = "txn"),
        @JsonSubTypes.Type(value = Command.CoordinateUpdate.class, name = "coordinates"),
        @JsonSubTypes.Type(value = Command.PreparedQuerySet.class, name = "pq-set"),
        @JsonSubTypes.Type(value = Command.PreparedQueryDelete.class, name = "pq-delete"),
        @JsonSubTypes.Type(value = Command.ConfigEntrySet.class, name = "config-set"),
        @JsonSubTypes.Type(value = Command.ConfigEntryDelete.class, name = "config-delete"),
        @JsonSubTypes.Type(value = Command.AutopilotSet.class, name = "autopilot-set"),
        @JsonSubTypes.Type(value = Command.SnapshotRestore.class, name = "snapshot-restore"),
})
public sealed interface Command {

    /** Result: true. */
    record KvSet(String key, byte[] value, long flags) implements Command {
    }

    /** Result: whether the CAS condition held. */
    record KvCas(String key, byte[] value, long flags, long casIndex) implements Command {
    }

    /** Result: whether the lock was acquired. */
    record KvLock(String key, byte[] value, long flags, String session) implements Command {
    }

    /** Result: whether the lock was released. */
    record KvUnlock(String key, byte[] value, long flags, String session) implements Command {
    }

    /** Result: true. */
    record KvDelete(String key) implements Command {
    }

    /** Result: whether the CAS condition held. */
    record KvDeleteCas(String key, long casIndex) implements Command {
    }

    /** Result: true. */
    record KvDeleteTree(String prefix) implements Command {
    }

    /** Tombstone GC. Result: true. */
    record KvReapTombstones(long upToIndex) implements Command {
    }

    /** Result: true. */
    record CatalogRegister(CatalogRegistration registration) implements Command {
    }

    /** The whole node, or one service, or one check. Result: true. */
    record CatalogDeregister(String node, String serviceId, String checkId) implements Command {
    }

    /** Result: the session id. */
    record SessionCreate(Session session) implements Command {
    }

    /** Result: whether it existed. */
    record SessionDestroy(String id) implements Command {
    }

    /** Result: a TxnResponse. */
    record Txn(List<TxnOp> ops) implements Command {
    }

    /** Result: true. */
    record CoordinateUpdate(List<Coordinate> coordinates) implements Command {
    }

    /** Result: the stored query's id. */
    record PreparedQuerySet(PreparedQuery query) implements Command {
    }

    /** Result: whether it existed. */
    record PreparedQueryDelete(String id) implements Command {
    }

    /** {@code cas} null = unconditional, 0 = only if absent, N = only if ModifyIndex is N. Result: whether it was stored. */
    record ConfigEntrySet(ConfigEntry entry, Long cas) implements Command {
    }

    /** {@code cas} as for {@link ConfigEntrySet}. Result: whether the condition held. */
    record ConfigEntryDelete(String kind, String name, Long cas) implements Command {
    }

    /** {@code cas} as for {@link ConfigEntrySet}. Result: whether it was stored. */
    record AutopilotSet(AutopilotConfig config, Long cas) implements Command {
    }

    /** Replaces the whole state with a store snapshot ({@code StateStore.snapshot} bytes). Result: true. */
    record SnapshotRestore(byte[] state) implements Command {
    }
}
