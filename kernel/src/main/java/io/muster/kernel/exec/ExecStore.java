package io.muster.kernel.exec;

import java.util.Optional;

/** The KV operations a remote exec job needs; blocking, called on the job's own thread. */
public interface ExecStore {
    /** The value at {@code key} (empty array for a key without value), empty when the key does not exist. */
    Optional<byte[]> get(String key, boolean stale) throws ExecStoreException;

    /** Writes {@code value} at {@code key} holding {@code session}'s lock; false when the lock was refused. */
    boolean acquire(String key, byte[] value, String session) throws ExecStoreException;
}
