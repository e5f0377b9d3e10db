package io.muster.kernel.exec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns a job's output into the chunks the agent uploads, with Consul's limits: a chunk holds at most
 * {@value #CHUNK_SIZE} bytes; a partial chunk is uploaded once no output came for {@link #IDLE_FLUSH}; and when
 * nothing was uploaded for the spec's wait, an empty chunk goes up as a heartbeat so the CLI keeps waiting.
 * Time comes from the injected clock; the caller decides when to ask ({@link #untilNextDeadline}).
 */
public final class OutputChunker {
    public static final int CHUNK_SIZE = 4 * 1024;
    public static final Duration IDLE_FLUSH = Duration.ofMillis(500);

    private final Clock clock;
    private final Duration heartbeat;
    private final byte[] buffer = new byte[CHUNK_SIZE];
    private int buffered;
    private Instant lastOutput;
    private Instant lastUpload;

    public OutputChunker(Clock clock, Duration heartbeat) {
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.lastOutput = clock.instant();
        this.lastUpload = lastOutput;
    }

    /** Adds output; answers the chunks that filled up, to upload now. */
    public List<byte[]> write(byte[] data, int offset, int length) {
        List<byte[]> full = new ArrayList<>();
        lastOutput = clock.instant();
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int n = Math.min(CHUNK_SIZE - buffered, end - at);
            System.arraycopy(data, at, buffer, buffered, n);
            buffered += n;
            at += n;
            if (buffered == CHUNK_SIZE) {
                full.add(take());
            }
        }
        return full;
    }

    /**
     * The upload due now, if any: the partial chunk once output has been idle for {@link #IDLE_FLUSH}, else an
     * empty heartbeat chunk once nothing was uploaded for the heartbeat period.
     */
    public Optional<byte[]> due() {
        Instant now = clock.instant();
        if (buffered > 0 && !now.isBefore(lastOutput.plus(IDLE_FLUSH))) {
            return Optional.of(take());
        }
        if (buffered == 0 && !now.isBefore(lastUpload.plus(heartbeat))) {
            lastUpload = now;
            return Optional.of(new byte[0]);
        }
        return Optional.empty();
    }

    /** What is still buffered when the output ended. */
    public Optional<byte[]> finish() {
        return buffered == 0 ? Optional.empty() : Optional.of(take());
    }

    /** How long until {@link #due} may answer something; zero when it would now. */
    public Duration untilNextDeadline() {
        Instant deadline = buffered > 0 ? lastOutput.plus(IDLE_FLUSH) : lastUpload.plus(heartbeat);
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private byte[] take() {
        byte[] chunk = Arrays.copyOf(buffer, buffered);
        buffered = 0;
        lastUpload = clock.instant();
        return chunk;
    }
}
