package io.muster.raft;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * This server's proposals waiting to be applied locally. Each gets the next seq of this server's client id; its
 * future completes when the local state machine applies that (clientId, seq), whichever attempt put it in the log,
 * so the kernel's result object never has to cross the network.
 */
final class PendingRequests {
    private final long clientId;
    private final ConcurrentSkipListMap<Long, CompletableFuture<Object>> pending = new ConcurrentSkipListMap<>();
    private long nextSeq = 1;

    PendingRequests(long clientId) {
        this.clientId = clientId;
    }

    long clientId() {
        return clientId;
    }

    synchronized long register(CompletableFuture<Object> future) {
        long seq = nextSeq++;
        pending.put(seq, future);
        return seq;
    }

    /** The lowest seq still pending (all lower ones are settled), or the next seq when nothing is pending. */
    synchronized long floor() {
        Map.Entry<Long, CompletableFuture<Object>> first = pending.firstEntry();
        return first == null ? nextSeq : first.getKey();
    }

    boolean isPending(long seq) {
        return pending.containsKey(seq);
    }

    int size() {
        return pending.size();
    }

    /** Completes seq with the local apply's result; false when it was not pending (another server's, or settled). */
    boolean applied(long seq, Object result) {
        CompletableFuture<Object> f = pending.remove(seq);
        return f != null && f.complete(result);
    }

    boolean failed(long seq, Throwable error) {
        CompletableFuture<Object> f = pending.remove(seq);
        return f != null && f.completeExceptionally(error);
    }

    /** Fails everything (the consensus is stopping). */
    void failAll(Throwable error) {
        for (Long seq : pending.keySet()) {
            failed(seq, error);
        }
    }
}
