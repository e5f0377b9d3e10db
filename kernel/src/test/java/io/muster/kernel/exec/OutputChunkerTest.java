package io.muster.kernel.exec;

import io.muster.kernel.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class OutputChunkerTest {
    private final MutableClock clock = new MutableClock();
    private final OutputChunker chunker = new OutputChunker(clock, Duration.ofSeconds(2));

    @Test
    void aFullChunkIsUploadedAtOnce() {
        byte[] data = new byte[OutputChunker.CHUNK_SIZE + 10];

        assertThat(chunker.write(data, 0, data.length)).singleElement()
                .satisfies(c -> assertThat(c).hasSize(OutputChunker.CHUNK_SIZE));
        assertThat(chunker.finish()).hasValueSatisfying(c -> assertThat(c).hasSize(10));
    }

    @Test
    void aPartialChunkWaitsForIdleOutput() {
        chunker.write("hi\n".getBytes(), 0, 3);
        clock.advance(Duration.ofMillis(499));
        assertThat(chunker.due()).isEmpty();
        assertThat(chunker.untilNextDeadline()).isEqualTo(Duration.ofMillis(1));

        clock.advance(Duration.ofMillis(1));
        assertThat(chunker.due()).hasValueSatisfying(c -> assertThat(new String(c)).isEqualTo("hi\n"));
        assertThat(chunker.finish()).isEmpty();
    }

    @Test
    void newOutputPostponesTheIdleFlush() {
        chunker.write("a".getBytes(), 0, 1);
        clock.advance(Duration.ofMillis(400));
        chunker.write("b".getBytes(), 0, 1);
        clock.advance(Duration.ofMillis(400));
        assertThat(chunker.due()).isEmpty();

        clock.advance(Duration.ofMillis(100));
        assertThat(chunker.due()).hasValueSatisfying(c -> assertThat(new String(c)).isEqualTo("ab"));
    }

    @Test
    void silenceForTheWaitSendsAnEmptyHeartbeat() {
        clock.advance(Duration.ofMillis(1999));
        assertThat(chunker.due()).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(chunker.due()).hasValueSatisfying(c -> assertThat(c).isEmpty());
        // The heartbeat counts as an upload: the next one is a full wait later.
        assertThat(chunker.due()).isEmpty();
        assertThat(chunker.untilNextDeadline()).isEqualTo(Duration.ofSeconds(2));
    }
}
