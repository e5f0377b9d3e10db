package io.muster.spi.api;

import java.util.concurrent.CompletionStage;

/** Point-in-time snapshots of the servers' state ({@code /v1/snapshot}). */
public interface SnapshotApi {
    /**
     * A gzip-compressed tar archive holding {@code meta.json} (ID, Size, Index, Term, Version), {@code state.bin}
     * and {@code SHA256SUMS}; the result's index is the snapshot's.
     */
    CompletionStage<QueryResult<byte[]>> save(QueryOptions options);

    /**
     * Verifies an archive written by {@link #save} and replaces every server's state with it (one replicated
     * command). Fails with BAD_REQUEST when the archive is damaged or its checksums do not match.
     */
    CompletionStage<Void> restore(byte[] archive, WriteOptions options);
}
