package io.muster.rpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One frame of the wire protocol: {@code int length} (of what follows), {@code byte type}, {@code long callId},
 * then for a REQUEST {@code short endpointLength}, the endpoint's UTF-8 bytes and the payload; for a RESPONSE the
 * payload; for an ERROR the UTF-8 message.
 */
record Frame(byte type, long callId, String endpoint, byte[] payload) {
    static final byte REQUEST = 1;
    static final byte RESPONSE = 2;
    static final byte ERROR = 3;
    /** type + call id: the smallest legal frame body. */
    static final int HEADER_BYTES = 1 + 8;

    static Frame request(long callId, String endpoint, byte[] payload) {
        return new Frame(REQUEST, callId, endpoint, payload);
    }

    static Frame response(long callId, byte[] payload) {
        return new Frame(RESPONSE, callId, null, payload);
    }

    static Frame error(long callId, String message) {
        return new Frame(ERROR, callId, null, message.getBytes(StandardCharsets.UTF_8));
    }

    String message() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    ByteBuffer encode() {
        byte[] ep = endpoint == null ? null : endpoint.getBytes(StandardCharsets.UTF_8);
        if (ep != null && ep.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("endpoint name longer than " + Short.MAX_VALUE + " bytes");
        }
        int body = HEADER_BYTES + (ep == null ? 0 : 2 + ep.length) + payload.length;
        ByteBuffer out = ByteBuffer.allocate(4 + body);
        out.putInt(body).put(type).putLong(callId);
        if (ep != null) {
            out.putShort((short) ep.length).put(ep);
        }
        out.put(payload).flip();
        return out;
    }

    /** Decodes a frame body of {@code length} bytes at the buffer's position (length prefix already read). */
    static Frame decode(ByteBuffer in, int length) throws ProtocolException {
        int end = in.position() + length;
        byte type = in.get();
        long id = in.getLong();
        String endpoint = null;
        if (type == REQUEST) {
            if (end - in.position() < 2) {
                throw new ProtocolException("request frame without an endpoint name");
            }
            int epLength = in.getShort();
            if (epLength < 0 || epLength > end - in.position()) {
                throw new ProtocolException("endpoint name length " + epLength + " does not fit its frame");
            }
            byte[] ep = new byte[epLength];
            in.get(ep);
            endpoint = new String(ep, StandardCharsets.UTF_8);
        } else if (type != RESPONSE && type != ERROR) {
            throw new ProtocolException("unknown frame type " + type);
        }
        byte[] payload = new byte[end - in.position()];
        in.get(payload);
        return new Frame(type, id, endpoint, payload);
    }
}
