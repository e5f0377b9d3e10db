package io.muster.kernel.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.muster.kernel.consensus.Command;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.SnapshotApi;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.consensus.Consensus;
import io.muster.spi.store.StateStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /v1/snapshot}: save archives the store's own snapshot with Consul's meta.json; restore verifies an
 * archive and replicates its state as one command, so every server replaces its state at the same index.
 */
final class SnapshotEndpoint implements SnapshotApi {
    /** Consul's SnapshotMeta version. */
    static final int META_VERSION = 1;
    /** Without a term from the consensus SPI, snapshots report term 1 (a single-term log). */
    static final long TERM = 1;

    private final StateStore store;
    private final Proposer proposer;
    private final Consensus consensus;
    private final Clock clock;
    private final Runnable afterRestore;
    private final ObjectMapper json = new ObjectMapper();

    SnapshotEndpoint(StateStore store, Proposer proposer, Consensus consensus, Clock clock, Runnable afterRestore) {
        this.store = store;
        this.proposer = proposer;
        this.consensus = consensus;
        this.clock = clock;
        this.afterRestore = afterRestore;
    }

    @Override
    public CompletionStage<QueryResult<byte[]>> save(QueryOptions options) {
        try {
            ByteArrayOutputStream state = new ByteArrayOutputStream();
            store.snapshot(state);
            long index = Math.max(1, store.index());
            byte[] stateBytes = state.toByteArray();
            byte[] archive = SnapshotArchive.write(meta(index, stateBytes.length), stateBytes,
                    clock.instant().getEpochSecond());
            return CompletableFuture.completedFuture(new QueryResult<>(archive, index, consensus.leader().isPresent(),
                    consensus.lastContactMillis(), options.consistency()));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL,
                    "failed to snapshot the state store: " + e.getMessage(), e));
        }
    }

    private byte[] meta(long index, long size) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("Version", META_VERSION);
        meta.put("ID", TERM + "-" + index + "-" + clock.millis());
        meta.put("Index", index);
        meta.put("Term", TERM);
        List<Map<String, Object>> servers = consensus.servers().stream()
                .map(address -> Map.<String, Object>of("Suffrage", 0, "ID", address, "Address", address))
                .toList();
        meta.put("Configuration", Map.of("Servers", servers));
        meta.put("ConfigurationIndex", 1);
        meta.put("Size", size);
        return json.writeValueAsBytes(meta);
    }

    @Override
    public CompletionStage<Void> restore(byte[] archive, WriteOptions options) {
        SnapshotArchive.Contents contents;
        try {
            contents = SnapshotArchive.read(archive);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(ApiException.badRequest("failed to read snapshot file: "
                    + e.getMessage()));
        }
        return proposer.propose(new Command.SnapshotRestore(contents.state()), Boolean.class,
                ApiException.Kind.INTERNAL).thenApply(ok -> {
                    afterRestore.run();
                    return null;
                });
    }
}
