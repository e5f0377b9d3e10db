package io.muster.raft;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replicated part of the glue: which request ids were already applied, so a command that reached the log twice
 * (the proposer retried after a leader change) changes the state once. Every replica feeds it the same entries in
 * the same order and it travels inside snapshots, so every replica makes the same decision. Decisions depend on
 * log indexes only, never on time.
 * <p>
 * Per proposer it keeps a floor (all lower seqs are settled: applied or given up by the proposer) and the set of
 * applied seqs at or above it. A seq below the floor is refused: its proposer already told its caller the outcome
 * ("unknown" after a timeout), so it must not take effect later. Proposers silent for {@link #FORGET_AFTER}
 * entries are dropped; retries happen within seconds, far inside that window.
 */
final class DedupeTable {
    static final long FORGET_AFTER = 200_000;
    private static final long SWEEP_EVERY = 4_096;

    private static final class Proposer {
        long floor;
        long lastIndex;
        final TreeSet<Long> applied = new TreeSet<>();
    }

    private final TreeMap<Long, Proposer> proposers = new TreeMap<>();
    private long lastSweep;

    /** Records {@code (clientId, seq)} applied at {@code index}; false when it was applied before or is stale. */
    boolean admit(long clientId, long seq, long floor, long index) {
        Proposer p = proposers.computeIfAbsent(clientId, k -> new Proposer());
        p.lastIndex = Math.max(p.lastIndex, index);
        if (floor > p.floor) {
            p.floor = floor;
            p.applied.headSet(floor).clear();
        }
        boolean first = seq >= p.floor && p.applied.add(seq);
        if (index - lastSweep >= SWEEP_EVERY) {
            sweep(index);
        }
        return first;
    }

    private void sweep(long index) {
        lastSweep = index;
        for (Iterator<Map.Entry<Long, Proposer>> it = proposers.entrySet().iterator(); it.hasNext(); ) {
            if (index - it.next().getValue().lastIndex > FORGET_AFTER) {
                it.remove();
            }
        }
    }

    int proposerCount() {
        return proposers.size();
    }

    int trackedSeqs(long clientId) {
        Proposer p = proposers.get(clientId);
        return p == null ? 0 : p.applied.size();
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(lastSweep);
        out.writeInt(proposers.size());
        for (Map.Entry<Long, Proposer> e : proposers.entrySet()) {
            Proposer p = e.getValue();
            out.writeLong(e.getKey());
            out.writeLong(p.floor);
            out.writeLong(p.lastIndex);
            out.writeInt(p.applied.size());
            for (long seq : p.applied) {
                out.writeLong(seq);
            }
        }
    }

    void readFrom(DataInput in) throws IOException {
        proposers.clear();
        lastSweep = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long id = in.readLong();
            Proposer p = new Proposer();
            p.floor = in.readLong();
            p.lastIndex = in.readLong();
            int seqs = in.readInt();
            for (int j = 0; j < seqs; j++) {
                p.applied.add(in.readLong());
            }
            proposers.put(id, p);
        }
    }
}
