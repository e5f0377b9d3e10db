package io.muster.cli.lock;

import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import java.time.Instant;

/** A distributed lock or semaphore slot held through a session (Consul's api/lock.go and api/semaphore.go). */
interface LockHolder {

    /** Blocks until held or until deadline (null: no deadline); false on timeout. */
    boolean acquireBlocking(Instant deadline) throws ApiException, CliException;

    /** Blocks while the lock is still held by this session; returns once it is lost or the agent fails. */
    void awaitLossBlocking(int retries) throws InterruptedException;

    /** Gives the lock back and removes the keys that only this holder used. */
    void release() throws ApiException;
}
