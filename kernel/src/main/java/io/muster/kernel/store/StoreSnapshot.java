package io.muster.kernel.store;

import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.ConfigEntry;
import io.muster.spi.model.Coordinate;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Node;
import io.muster.spi.model.PreparedQuery;
import io.muster.spi.model.Session;

import java.util.List;
import java.util.Map;

/**
 * The snapshot format: a magic/version header, then every table as records. Bump {@link #VERSION} on an
 * incompatible change; tables added at the end (config entries, autopilot) read as null from older snapshots.
 */
record StoreSnapshot(String format, int version, long index, Map<String, Long> tableIndexes,
                     Map<String, Long> keyIndexes, List<Node> nodes, List<CatalogTables.ServiceRow> services,
                     List<HealthCheck> checks, List<KvEntry> kv, Map<String, Long> tombstones,
                     List<Session> sessions, List<Coordinate> coordinates, List<PreparedQuery> preparedQueries,
                     List<ConfigEntry> configEntries, AutopilotConfig autopilot) {
    static final String FORMAT = "muster-state";
    static final int VERSION = 1;
}
