package io.muster.raft;

import io.muster.spi.consensus.StateMachine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * jgroups-raft's state machine in front of the kernel's: unwraps {@link CommandEnvelope}s, drops duplicates
 * through the replicated {@link DedupeTable}, hands each new command to the kernel with its raft log index and
 * completes the local proposer's future with the kernel's result. jgroups-raft calls it from its single runner
 * thread, so apply and snapshot never overlap. Responses are never serialized: results reach only the server
 * whose caller proposed the command, from its own local apply.
 */
final class StateMachineBridge implements org.jgroups.raft.StateMachine {
    private static final int SNAPSHOT_MAGIC = 0x4d534e31; // "MSN1"

    private final StateMachine kernel;
    private final PendingRequests pending;
    private final LongSupplier applyingIndex;
    private final LongSupplier commitIndex;
    private final DedupeTable dedupe = new DedupeTable();
    private volatile long lastIndex;
    private volatile long snapshotIndex;
    private volatile long lastStateBytes;

    /**
     * @param applyingIndex the raft index of the entry being applied (from {@link IndexedRaft})
     * @param commitIndex raft's commit index: a snapshot covers the log up to it (jgroups-raft truncates there)
     */
    StateMachineBridge(StateMachine kernel, PendingRequests pending, LongSupplier applyingIndex,
                       LongSupplier commitIndex) {
        this.kernel = kernel;
        this.pending = pending;
        this.applyingIndex = applyingIndex;
        this.commitIndex = commitIndex;
    }

    /** The raft index the last restored snapshot covers (0 when none was restored). */
    long snapshotIndex() {
        return snapshotIndex;
    }

    /** Size of the kernel state in the last snapshot written (0 before the first). */
    long lastStateBytes() {
        return lastStateBytes;
    }

    /** Raft index of the last entry this bridge applied (including duplicates and barriers). */
    long lastIndex() {
        return lastIndex;
    }

    DedupeTable dedupe() {
        return dedupe;
    }

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
        CommandEnvelope env = CommandEnvelope.decode(data, offset, length);
        long index = applyingIndex.getAsLong();
        if (index <= lastIndex) {
            // the state (restored from a snapshot) already holds this entry: replaying would double it. Compared in
            // log positions: the kernel's data index may be ahead of the log after an API snapshot restore
            return null;
        }
        lastIndex = index;
        boolean first = dedupe.admit(env.clientId(), env.seq(), env.floor(), index);
        boolean mine = env.clientId() == pending.clientId();
        if (!first) {
            return null;
        }
        if (env.kind() == CommandEnvelope.Kind.BARRIER) {
            if (mine) {
                pending.applied(env.seq(), null);
            }
            return null;
        }
        try {
            Object result = kernel.apply(index, env.payload());
            if (mine) {
                pending.applied(env.seq(), result);
            }
        } catch (RuntimeException e) {
            // deterministic on every replica; only the proposer's caller hears about it
            if (mine) {
                pending.failed(env.seq(), e);
            }
        }
        return null;
    }

    @Override
    public void writeContentTo(DataOutput out) throws Exception {
        out.writeInt(SNAPSHOT_MAGIC);
        out.writeLong(commitIndex.getAsLong());
        out.writeLong(lastIndex);
        dedupe.writeTo(out);
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        kernel.snapshot(state);
        lastStateBytes = state.size();
        out.writeInt(state.size());
        out.write(state.toByteArray());
    }

    @Override
    public void readContentFrom(DataInput in) throws Exception {
        int magic = in.readInt();
        if (magic != SNAPSHOT_MAGIC) {
            throw new IOException("raft snapshot starts with 0x" + Integer.toHexString(magic) + ", expected 0x"
                    + Integer.toHexString(SNAPSHOT_MAGIC) + ": it was not written by Muster's raft plugin or is"
                    + " corrupt; move the server's data-dir/raft away and restart it to fetch one from the leader");
        }
        long covered = in.readLong();
        long index = in.readLong();
        dedupe.readFrom(in);
        int size = in.readInt();
        byte[] state = new byte[size];
        in.readFully(state);
        kernel.restore(new ByteArrayInputStream(state));
        lastIndex = index;
        snapshotIndex = covered;
    }
}
