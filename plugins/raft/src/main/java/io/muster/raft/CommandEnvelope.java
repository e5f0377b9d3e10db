package io.muster.raft;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What this plugin writes into a raft log entry: the kernel's command plus the proposer's request id
 * ({@code clientId}, {@code seq}) so a command retried after a leader change applies once, and the proposer's
 * {@code floor} (its lowest still-pending seq) so replicas can forget older ids. A {@link Kind#BARRIER} carries no
 * payload: committing it proves a quorum still follows the leader that appended it (see RaftConsensus#readBarrier).
 */
record CommandEnvelope(Kind kind, long clientId, long seq, long floor, byte[] payload) {
    private static final byte MAGIC = 'M';
    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 1 + 1 + 8 + 8 + 8 + 4;

    enum Kind {
        COMMAND((byte) 1), BARRIER((byte) 2);

        final byte code;

        Kind(byte code) {
            this.code = code;
        }

        static Kind of(byte code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("raft log entry has unknown kind " + code
                    + ": it was written by a newer Muster; upgrade this server");
        }
    }

    CommandEnvelope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.put(MAGIC).put(VERSION).put(kind.code).putLong(clientId).putLong(seq).putLong(floor)
                .putInt(payload.length).put(payload);
        return b.array();
    }

    static CommandEnvelope decode(byte[] data, int offset, int length) {
        if (length < HEADER) {
            throw new IllegalArgumentException("raft log entry of " + length + " bytes is shorter than the "
                    + HEADER + "-byte Muster envelope header: the log is corrupt or not Muster's");
        }
        ByteBuffer b = ByteBuffer.wrap(data, offset, length);
        byte magic = b.get();
        byte version = b.get();
        if (magic != MAGIC || version != VERSION) {
            throw new IllegalArgumentException("raft log entry has magic/version " + magic + "/" + version
                    + ", expected " + MAGIC + "/" + VERSION + ": the log is corrupt or from another Muster version");
        }
        Kind kind = Kind.of(b.get());
        long clientId = b.getLong();
        long seq = b.getLong();
        long floor = b.getLong();
        int n = b.getInt();
        if (n < 0 || n != b.remaining()) {
            throw new IllegalArgumentException("raft log entry declares a " + n + "-byte command but carries "
                    + b.remaining() + " bytes: the log is corrupt");
        }
        byte[] payload = new byte[n];
        b.get(payload);
        return new CommandEnvelope(kind, clientId, seq, floor, payload);
    }
}
