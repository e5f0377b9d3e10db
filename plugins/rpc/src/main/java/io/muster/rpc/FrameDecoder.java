package io.muster.rpc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the bytes of one connection into frames. A server-side decoder first checks the caller's magic. The buffer
 * starts small and grows to the size of the frame being read, never past {@code maxFrameBytes}.
 */
final class FrameDecoder {
    static final byte[] MAGIC = {'M', 'S', 'T', 'R', 1};
    private static final int INITIAL = 16 * 1024;

    private final int maxFrameBytes;
    private boolean expectMagic;
    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL);

    FrameDecoder(int maxFrameBytes, boolean expectMagic) {
        this.maxFrameBytes = maxFrameBytes;
        this.expectMagic = expectMagic;
    }

    /** The buffer to read into (write mode, with room left). */
    ByteBuffer buffer() {
        if (!buffer.hasRemaining()) {
            grow(buffer.capacity() * 2);
        }
        return buffer;
    }

    /** Every complete frame read so far; keeps a partial one for the next read. */
    List<Frame> drain() throws ProtocolException {
        List<Frame> frames = new ArrayList<>();
        buffer.flip();
        try {
            if (expectMagic) {
                if (buffer.remaining() < MAGIC.length) {
                    return frames;
                }
                byte[] first = new byte[MAGIC.length];
                buffer.get(first);
                if (!Arrays.equals(first, MAGIC)) {
                    throw new ProtocolException("not a Muster RPC client (first bytes " + printable(first) + ")");
                }
                expectMagic = false;
            }
            while (buffer.remaining() >= 4) {
                int length = buffer.getInt(buffer.position());
                if (length < Frame.HEADER_BYTES || length > maxFrameBytes) {
                    throw new ProtocolException("frame of " + length + " bytes is outside 9.." + maxFrameBytes
                            + " (muster.rpc.max_frame_bytes)");
                }
                if (buffer.remaining() < 4 + length) {
                    if (buffer.capacity() < 4 + length) {
                        buffer.compact();
                        grow(4 + length);
                        buffer.flip();
                    }
                    return frames;
                }
                buffer.getInt();
                frames.add(Frame.decode(buffer, length));
            }
            return frames;
        } finally {
            buffer.compact();
        }
    }

    private void grow(int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, INITIAL));
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
    }

    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder("\"");
        for (byte b : bytes) {
            s.append(b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return s.append('"').toString();
    }
}
