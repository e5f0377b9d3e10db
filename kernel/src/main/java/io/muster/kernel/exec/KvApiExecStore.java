package io.muster.kernel.exec;

import io.muster.spi.api.KvApi;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.KvEntry;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link ExecStore} over the agent's own KV endpoint, as Consul's agent uses its KVS RPCs. */
public final class KvApiExecStore implements ExecStore {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KvApi kv;

    public KvApiExecStore(KvApi kv) {
        this.kv = kv;
    }

    @Override
    public Optional<byte[]> get(String key, boolean stale) throws ExecStoreException {
        Optional<KvEntry> entry = await(kv.get(key, stale ? QueryOptions.STALE : QueryOptions.DEFAULT), "read "
                + key).value();
        return entry.map(e -> e.value() == null ? new byte[0] : e.value());
    }

    @Override
    public boolean acquire(String key, byte[] value, String session) throws ExecStoreException {
        return await(kv.put(new KvWrite(key, value, 0, null, session, null), WriteOptions.DEFAULT), "write " + key);
    }

    private static <T> T await(CompletionStage<T> stage, String what) throws ExecStoreException {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ExecStoreException("remote exec: " + what + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new ExecStoreException("remote exec: " + what + " timed out after " + TIMEOUT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecStoreException("remote exec: " + what + " interrupted", e);
        }
    }
}
