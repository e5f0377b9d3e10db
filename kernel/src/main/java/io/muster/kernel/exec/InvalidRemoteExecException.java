package io.muster.kernel.exec;

/** A remote exec event or job spec this agent cannot read; the job is dropped and the reason logged. */
public final class InvalidRemoteExecException extends Exception {
    public InvalidRemoteExecException(String message) {
        super(message);
    }
}
