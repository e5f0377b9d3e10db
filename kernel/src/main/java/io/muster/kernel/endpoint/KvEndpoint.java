package io.muster.kernel.endpoint;

import io.muster.kernel.consensus.Command;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.KvEntry;
import io.muster.spi.store.StateStore;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /v1/kv}: validation as Consul's HTTP layer does it, writes through consensus, blocking reads. */
final class KvEndpoint implements KvApi {
    static final String MISSING_KEY = "Missing key name";
    private static final String SIZE_DOC = "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size";

    private final StateStore store;
    private final Proposer proposer;
    private final BlockingQueries queries;
    private final long maxValueSize;
    private final Clock clock;

    KvEndpoint(StateStore store, Proposer proposer, BlockingQueries queries, long maxValueSize, Clock clock) {
        this.store = store;
        this.proposer = proposer;
        this.queries = queries;
        this.maxValueSize = maxValueSize;
        this.clock = clock;
    }

    @Override
    public CompletionStage<QueryResult<Optional<KvEntry>>> get(String key, QueryOptions options) {
        return queries.query(options, () -> store.kvGet(key));
    }

    @Override
    public CompletionStage<QueryResult<List<KvEntry>>> list(String prefix, QueryOptions options) {
        return queries.query(options, () -> store.kvList(prefix == null ? "" : prefix));
    }

    @Override
    public CompletionStage<QueryResult<List<String>>> keys(String prefix, String separator, QueryOptions options) {
        return queries.query(options, () -> store.kvKeys(prefix == null ? "" : prefix, separator));
    }

    @Override
    public CompletionStage<Boolean> put(KvWrite write, WriteOptions options) {
        if (write.key() == null || write.key().isEmpty()) {
            return CompletableFuture.failedFuture(ApiException.badRequest(MISSING_KEY));
        }
        byte[] value = write.value() == null ? new byte[0] : write.value();
        if (value.length > maxValueSize) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.TOO_LARGE,
                    "Request body(" + value.length + " bytes) too large, max size: " + maxValueSize
                            + " bytes. See " + SIZE_DOC + "."));
        }
        Command command;
        // Consul applies the query flags in this order, the last one present wins: cas, acquire, release.
        if (write.release() != null) {
            command = new Command.KvUnlock(write.key(), value, write.flags(), write.release());
        } else if (write.acquire() != null) {
            if (store.kvLockDelay(write.key()).filter(until -> until.isAfter(clock.instant())).isPresent()) {
                return CompletableFuture.completedFuture(false); // lock-delay after an invalidation: refuse quietly
            }
            command = new Command.KvLock(write.key(), value, write.flags(), write.acquire());
        } else if (write.cas() != null) {
            command = new Command.KvCas(write.key(), value, write.flags(), write.cas());
        } else {
            command = new Command.KvSet(write.key(), value, write.flags());
        }
        return proposer.propose(command, Boolean.class, ApiException.Kind.BAD_REQUEST);
    }

    @Override
    public CompletionStage<Boolean> delete(String key, boolean recurse, Long cas, WriteOptions options) {
        String k = key == null ? "" : key;
        if (k.isEmpty() && !recurse) {
            return CompletableFuture.failedFuture(ApiException.badRequest(MISSING_KEY));
        }
        Command command;
        if (recurse) {
            command = new Command.KvDeleteTree(k);
        } else if (cas != null) {
            command = new Command.KvDeleteCas(k, cas);
        } else {
            command = new Command.KvDelete(k);
        }
        return proposer.propose(command, Boolean.class, ApiException.Kind.BAD_REQUEST);
    }
}
