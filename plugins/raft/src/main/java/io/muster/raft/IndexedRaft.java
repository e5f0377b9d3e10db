package io.muster.raft;

import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.util.ByteArrayDataInputStream;

import java.nio.ByteBuffer;

/**
 * RAFT that tells the state machine the log index of the entry it applies (jgroups-raft's StateMachine.apply has
 * no index parameter), and that refuses to start on a log missing committed entries instead of logging an error
 * and serving a state machine that silently lacks them (what RAFT.initStateMachineFromLog does).
 */
final class IndexedRaft extends RAFT {
    private volatile long applyingIndex;

    IndexedRaft() {
        // RAFT's headers are registered under RAFT's protocol id; a subclass would otherwise get id 0
        setId(ClassConfigurator.getProtocolId(RAFT.class));
    }

    long applyingIndex() {
        return applyingIndex;
    }

    @Override
    protected void applyCommit(long index, boolean serializeResponse) throws Exception {
        applyingIndex = index;
        super.applyCommit(index, serializeResponse);
    }

    /**
     * Only counts bytes: jgroups-raft would snapshot right inside an append, truncating at a commit index that
     * lags the batch just appended; in ClusterTest that left followers unable to append the next batch
     * (IllegalStateException from LogEntryStorage.write). RaftConsensus snapshots between requests instead,
     * through {@link #snapshotAsync()}, once {@link #snapshotDue}.
     */
    @Override
    protected void snapshotIfNeeded(int bytesAdded) {
        curr_log_size += bytesAdded;
    }

    /**
     * peers.json recovery: drops the entries past the commit index. Committing them later (as this server leads
     * alone) could add the lost servers back to the voter set (a new leader writes its voters into the log), and
     * with them a majority that can never be reached again. Consul's README warns such writes may be lost.
     */
    void dropUncommittedTail() {
        if (last_appended > commit_index) {
            log_impl.deleteAllEntriesStartingFrom(commit_index + 1);
            last_appended = commit_index;
        }
    }

    /** True once the log since the last snapshot holds {@code thresholdBytes} and there is something to truncate. */
    boolean snapshotDue(long thresholdBytes) {
        return curr_log_size >= thresholdBytes && commit_index > log_impl.firstAppended();
    }

    @Override
    public void initStateMachineFromLog() throws Exception {
        if (state_machine == null || state_machine_loaded) {
            return;
        }
        int snapshotOffset = 0;
        long covered = 0;
        ByteBuffer snapshot = log_impl.getSnapshot();
        if (snapshot != null) {
            ByteArrayDataInputStream in = new ByteArrayDataInputStream(snapshot);
            internal_state.readFrom(in);
            state_machine.readContentFrom(in);
            snapshotOffset = 1;
            if (state_machine instanceof StateMachineBridge b) {
                // a snapshot installed from the leader leaves the local log empty: it covers up to its commit index,
                // and at least every entry whose effect it holds (lastIndex counts barriers, which commit later)
                covered = Math.max(b.snapshotIndex(), b.lastIndex());
            }
        }
        long from = Math.max(Math.max(1, log_impl.firstAppended() + snapshotOffset), covered + 1);
        long to = commit_index;
        for (long i = from; i <= to; i++) {
            LogEntry entry = log_impl.get(i);
            if (entry == null) {
                throw new IllegalStateException("raft log " + log_name + " has committed entries up to index " + to
                        + " but entry " + i + " is missing (last entry on disk: " + log_impl.lastAppended()
                        + "): its tail was truncated or corrupted. Committed data must not be dropped silently, so"
                        + " this server will not start. Stop it, move " + log_name + " aside and restart it: it"
                        + " rejoins empty and the leader sends it a snapshot (see plugins/raft/README.md)");
            }
            if (entry.command() == null) {
                continue;
            }
            if (entry.internal()) {
                executeInternalCommand(null, entry.command(), entry.offset(), entry.length());
            } else {
                applyingIndex = i;
                state_machine.apply(entry.command(), entry.offset(), entry.length(), false);
            }
        }
        state_machine_loaded = true;
    }
}
