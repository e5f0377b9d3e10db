package io.muster.spi.store;

import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.ConfigEntry;
import io.muster.spi.model.Coordinate;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.PreparedQuery;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.model.ServiceNode;
import io.muster.spi.model.Session;
import org.pf4j.ExtensionPoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The replicated state: catalog (nodes, services, checks), KV with tombstones, sessions with lock-delay,
 * coordinates, prepared queries. The kernel provides an in-memory default; a plugin may provide another.
 * <p>
 * Writes are atomic at one index and are applied by the state machine in log order, one at a time. Reads never
 * block writers for long, see a consistent state, and return the index a blocking query compares against with
 * a {@link Watch} of exactly what they read (a KV write under {@code a/} does not fire a watch of {@code b/}).
 */
public interface StateStore extends ExtensionPoint {

    /** The index of the last applied write. */
    long index();

    /** Runs {@code body} as one atomic write at {@code index}; rolls everything back if it throws. */
    <R> R write(long index, Function<StoreWriter, R> body);

    /** Runs {@code body} against one consistent view (for read-only transactions). */
    <R> R read(Function<StoreReader, R> body);

    /** Writes every table and the index (own format with a version header). */
    void snapshot(OutputStream out) throws IOException;

    /** Replaces every table with a snapshot's content; fires every watch. */
    void restore(InputStream in) throws IOException;

    // KV

    Read<Optional<KvEntry>> kvGet(String key);

    /** Entries under {@code prefix}; the index also moves when a key under it is deleted. */
    Read<List<KvEntry>> kvList(String prefix);

    /** Keys under {@code prefix}, rolled up after the first {@code separator} past the prefix when one is given. */
    Read<List<String>> kvKeys(String prefix, String separator);

    /** When a lock on {@code key} may be acquired again after its session was invalidated, if that is later. */
    Optional<Instant> kvLockDelay(String key);

    // catalog

    Read<List<Node>> nodes();

    Read<Optional<NodeServices>> nodeServices(String node);

    /** Every service instance with its node (for the service-name/tags listing). */
    Read<List<ServiceNode>> serviceInstances();

    Read<List<ServiceNode>> serviceNodes(String service);

    Read<List<HealthCheck>> nodeChecks(String node);

    /** Checks of the instances of a service (not their nodes' checks). */
    Read<List<HealthCheck>> serviceChecks(String service);

    /** Checks in {@code state}; every check when empty. */
    Read<List<HealthCheck>> checksInState(Optional<HealthStatus> state);

    /** Instances of a service with their node's and their own checks. */
    Read<List<ServiceHealth>> serviceHealth(String service);

    // sessions, coordinates, prepared queries

    Read<Optional<Session>> session(String id);

    Read<List<Session>> sessions();

    Read<List<Session>> nodeSessions(String node);

    Read<List<Coordinate>> coordinates();

    Read<List<PreparedQuery>> preparedQueries();

    // config entries, autopilot configuration (defaults let other stores compile; the kernel's implements them)

    /** Entries of one kind sorted by name; every entry when {@code kind} is empty. */
    default Read<List<ConfigEntry>> configEntries(String kind) {
        throw new UnsupportedOperationException(getClass().getName() + " does not store config entries");
    }

    default Read<Optional<ConfigEntry>> configEntry(String kind, String name) {
        throw new UnsupportedOperationException(getClass().getName() + " does not store config entries");
    }

    /** Empty until an operator stored one. */
    default Read<Optional<AutopilotConfig>> autopilotConfig() {
        throw new UnsupportedOperationException(getClass().getName() + " does not store the autopilot configuration");
    }
}
