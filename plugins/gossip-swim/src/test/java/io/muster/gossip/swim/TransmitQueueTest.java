package io.muster.gossip.swim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransmitQueueTest {

    @Test
    void leastSentFirstAndNewestFirstAmongEquals() {
        TransmitQueue q = new TransmitQueue();
        q.enqueue("a", new Message.Suspect(1, "a", "x"));
        q.enqueue("b", new Message.Suspect(1, "b", "x"));

        assertThat(q.take(1400, 3)).extracting(m -> ((Message.Suspect) m).node()).containsExactly("b", "a");
        q.enqueue("c", new Message.Suspect(1, "c", "x"));
        assertThat(q.take(1400, 3)).extracting(m -> ((Message.Suspect) m).node()).containsExactly("c", "b", "a");
    }

    @Test
    void eachUpdateIsSentAtMostTheRetransmitLimit() {
        TransmitQueue q = new TransmitQueue();
        q.enqueue("a", new Message.Alive(1, "a", "a:1", java.util.Map.of()));
        for (int i = 0; i < 4; i++) {
            assertThat(q.take(1400, 4)).hasSize(1);
        }
        assertThat(q.take(1400, 4)).isEmpty();
        assertThat(q.size()).isZero();
        assertThat(q.contains("a")).isFalse();
    }

    @Test
    void aNewerUpdateAboutTheSameSubjectReplacesTheOlder() {
        TransmitQueue q = new TransmitQueue();
        q.enqueue("a", new Message.Suspect(1, "a", "x"));
        q.enqueue("a", new Message.Dead(1, "a", "x"));

        assertThat(q.size()).isEqualTo(1);
        assertThat(q.take(1400, 4)).containsExactly(new Message.Dead(1, "a", "x"));
    }

    @Test
    void takesOnlyWhatFitsTheBudget() {
        TransmitQueue q = new TransmitQueue();
        for (int i = 0; i < 100; i++) {
            q.enqueue("n" + i, new Message.Suspect(1, "node-with-a-longish-name-" + i, "another-long-node-name"));
        }
        List<Message> batch = q.take(300, 4);
        int bytes = batch.stream().mapToInt(m -> MessageCodec.encode(m).length - 1).sum();

        assertThat(batch).isNotEmpty();
        assertThat(bytes).isLessThanOrEqualTo(300);
        assertThat(q.size()).isEqualTo(100);
    }
}
