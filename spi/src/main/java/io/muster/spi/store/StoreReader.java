package io.muster.spi.store;

import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.ConfigEntry;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;
import io.muster.spi.model.Session;

import java.util.List;
import java.util.Optional;

/** Point reads inside one consistent view of the store (a transaction), without watches. */
public interface StoreReader {
    Optional<KvEntry> kv(String key);

    /** Entries whose key starts with {@code prefix}, sorted by key. */
    List<KvEntry> kvTree(String prefix);

    Optional<Node> node(String name);

    /** Services of a node, sorted by id. */
    List<Service> services(String node);

    Optional<Service> service(String node, String serviceId);

    /** Checks of a node (its own and its services'), sorted by id. */
    List<HealthCheck> checks(String node);

    Optional<HealthCheck> check(String node, String checkId);

    Optional<Session> session(String id);

    default Optional<ConfigEntry> configEntry(String kind, String name) {
        throw new UnsupportedOperationException(getClass().getName() + " does not store config entries");
    }

    default Optional<AutopilotConfig> autopilotConfig() {
        throw new UnsupportedOperationException(getClass().getName() + " does not store the autopilot configuration");
    }
}
