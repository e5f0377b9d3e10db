package io.muster.gossip.swim;

/** A message the state machine wants sent; {@code STREAM} messages go over TCP and expect one reply. */
public record Outbound(String address, Message message, Channel channel) {
    public enum Channel { PACKET, STREAM }
}
