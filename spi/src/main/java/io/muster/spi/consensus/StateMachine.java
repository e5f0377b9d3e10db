package io.muster.spi.consensus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The kernel's replicated state machine, which a {@link Consensus} drives. Commands are opaque bytes the
 * kernel encoded; every server applies the same commands in the same order at the same indexes.
 */
public interface StateMachine {
    /**
     * Applies a committed command at log position {@code index} and returns its result (handed to the proposer).
     * The kernel's data index becomes at least {@code index}: more when a restored snapshot carried a higher one.
     */
    Object apply(long index, byte[] command);

    /** Writes the whole state, including the last applied index. */
    void snapshot(OutputStream out) throws IOException;

    /** Replaces the whole state with a snapshot written by {@link #snapshot}. */
    void restore(InputStream in) throws IOException;

    /** The data index of the state (at least the last applied log position; see {@link #apply}). */
    long lastAppliedIndex();
}
