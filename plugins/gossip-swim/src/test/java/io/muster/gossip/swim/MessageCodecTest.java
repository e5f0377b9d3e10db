package io.muster.gossip.swim;

import io.muster.gossip.coordinate.VivaldiConfig;
import io.muster.gossip.coordinate.VivaldiCoordinate;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

    static List<Message> samples() {
        return List.of(
                new Message.Ping(7, "b", "a", "10.0.0.1:8301"),
                new Message.IndirectPing(8, "c", "10.0.0.3:8301", "a", "10.0.0.1:8301", true),
                new Message.Ack(9),
                new Message.Nack(10),
                new Message.Alive(3, "b", "10.0.0.2:8301", Map.of("role", "consul", "dc", "dc1", "vsn", "2")),
                new Message.Suspect(3, "b", "a"),
                new Message.Dead(4, "b", "b"),
                new Message.LeaveIntent("b", 4, true),
                new Message.PushPull("a", true, List.of(new Message.NodeRecord("a", "10.0.0.1:8301", Map.of("role", "node"), 2, Message.NodeState.ALIVE),
                        new Message.NodeRecord("ü-node", "[::1]:8301", Map.of(), 5, Message.NodeState.LEFT)), 42),
                new Message.Refusal("node name taken"),
                new Message.KeyringRequest("id-1", "a", "10.0.0.1:8301", Message.KeyringOperation.INSTALL, "k"),
                new Message.KeyringReply("id-1", "b", false, "no", List.of("k1", "k2"), "k1"),
                new Message.Compound(List.of(new Message.Ack(1), new Message.Suspect(1, "x", "y"))),
                new Message.Ack(11, new VivaldiCoordinate(new double[] {0.001, -0.002, 0, 0, 0, 0, 0, 0.0005}, 0.4, -0.0001, 0.00002)),
                new Message.Compound(List.of(new Message.Ack(12, VivaldiCoordinate.origin(VivaldiConfig.DEFAULT)),
                        new Message.Suspect(1, "x", "y"))));
    }

    @Test
    void aPlainAckKeepsItsFormerBytesAndACoordinateAckDecodesWhateverTheSenderPut() {
        byte[] plain = MessageCodec.encode(new Message.Ack(9));
        assertThat(plain).hasSize(10);
        assertThat(plain[1]).isEqualTo((byte) 3);

        // odd dimensionality and NaN still decode: the Vivaldi client, not the codec, refuses them
        double[] odd = {Double.NaN, 1, 2};
        Message.Ack back = (Message.Ack) MessageCodec.decode(MessageCodec.encode(
                new Message.Ack(4, new VivaldiCoordinate(odd, 1, 0, 0))));
        assertThat(back.coordinate().dimensionality()).isEqualTo(3);
        assertThat(back.coordinate().isValid()).isFalse();
    }

    @Test
    void everyMessageSurvivesARoundTrip() {
        for (Message m : samples()) {
            assertThat(MessageCodec.decode(MessageCodec.encode(m))).as(m.getClass().getSimpleName()).isEqualTo(m);
        }
    }

    @Test
    void userEventsRoundTripWithTheirPayload() {
        Message.UserEventMessage e = new Message.UserEventMessage(12, "id", "deploy", new byte[] {1, 2, 3}, "web.*", "", "");
        Message.UserEventMessage back = (Message.UserEventMessage) MessageCodec.decode(MessageCodec.encode(e));

        assertThat(back.payload()).containsExactly(1, 2, 3);
        assertThat(back.lamportTime()).isEqualTo(12);
        assertThat(back.nodeFilter()).isEqualTo("web.*");
    }

    @Test
    void truncatedUnknownAndForeignBytesAreRejectedWithAReason() {
        byte[] ping = MessageCodec.encode(new Message.Ping(7, "b", "a", "10.0.0.1:8301"));
        assertThatThrownBy(() -> MessageCodec.decode(Arrays.copyOf(ping, ping.length - 3)))
                .isInstanceOf(MessageCodec.MalformedMessageException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {MessageCodec.MAGIC, 99}))
                .hasMessageContaining("unknown gossip message type 99");
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {1, 2, 3}))
                .hasMessageContaining("not a gossip message");
        byte[] padded = Arrays.copyOf(ping, ping.length + 2);
        assertThatThrownBy(() -> MessageCodec.decode(padded)).hasMessageContaining("trailing");
    }
}
