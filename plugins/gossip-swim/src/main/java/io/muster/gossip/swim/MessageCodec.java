package io.muster.gossip.swim;

import io.muster.gossip.coordinate.VivaldiCoordinate;
import io.muster.gossip.swim.Message.Ack;
import io.muster.gossip.swim.Message.Alive;
import io.muster.gossip.swim.Message.Compound;
import io.muster.gossip.swim.Message.Dead;
import io.muster.gossip.swim.Message.IndirectPing;
import io.muster.gossip.swim.Message.KeyringReply;
import io.muster.gossip.swim.Message.KeyringRequest;
import io.muster.gossip.swim.Message.LeaveIntent;
import io.muster.gossip.swim.Message.Nack;
import io.muster.gossip.swim.Message.NodeRecord;
import io.muster.gossip.swim.Message.Ping;
import io.muster.gossip.swim.Message.PushPull;
import io.muster.gossip.swim.Message.Refusal;
import io.muster.gossip.swim.Message.Suspect;
import io.muster.gossip.swim.Message.UserEventMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary wire form: a plaintext packet is {@code MAGIC, type, body}; strings are length-prefixed UTF-8.
 * The magic byte lets a receiver tell plaintext from an encrypted packet (which starts with the cipher
 * version byte) when {@code encrypt_verify_incoming} is off.
 */
public final class MessageCodec {
    public static final byte MAGIC = 0x4D;
    /** Refuse absurd lengths before allocating: a packet never holds more than this many items. */
    private static final int MAX_ITEMS = 1 << 20;

    private MessageCodec() {
    }

    public static byte[] encode(Message message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MAGIC);
            write(out, message);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory encoding failed", e);
        }
        return bytes.toByteArray();
    }

    /** @throws MalformedMessageException when the bytes are not a complete message of ours */
    public static Message decode(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            int magic = in.readUnsignedByte();
            if (magic != MAGIC) {
                throw new MalformedMessageException("not a gossip message (first byte " + magic
                        + "); the sender may encrypt gossip while this agent has no key");
            }
            Message message = read(in);
            if (in.available() > 0) {
                throw new MalformedMessageException(in.available() + " trailing bytes after a " + message.getClass().getSimpleName());
            }
            return message;
        } catch (EOFException e) {
            throw new MalformedMessageException("truncated gossip message (" + data.length + " bytes)");
        } catch (IOException e) {
            throw new MalformedMessageException("unreadable gossip message: " + e.getMessage());
        }
    }

    public static boolean looksPlain(byte[] data) {
        return data.length > 0 && data[0] == MAGIC;
    }

    private static void write(DataOutputStream out, Message message) throws IOException {
        if (message instanceof Ping p) {
            out.writeByte(1);
            out.writeLong(p.seq());
            out.writeUTF(p.target());
            out.writeUTF(p.sourceName());
            out.writeUTF(p.sourceAddress());
        } else if (message instanceof IndirectPing p) {
            out.writeByte(2);
            out.writeLong(p.seq());
            out.writeUTF(p.target());
            out.writeUTF(p.targetAddress());
            out.writeUTF(p.sourceName());
            out.writeUTF(p.sourceAddress());
            out.writeBoolean(p.wantNack());
        } else if (message instanceof Ack a && a.coordinate() == null) {
            out.writeByte(3);
            out.writeLong(a.seq());
        } else if (message instanceof Ack a) {
            // a separate type keeps the plain ack's bytes exactly as before
            out.writeByte(15);
            out.writeLong(a.seq());
            writeCoordinate(out, a.coordinate());
        } else if (message instanceof Nack n) {
            out.writeByte(4);
            out.writeLong(n.seq());
        } else if (message instanceof Alive a) {
            out.writeByte(5);
            out.writeLong(a.incarnation());
            out.writeUTF(a.node());
            out.writeUTF(a.address());
            writeTags(out, a.tags());
        } else if (message instanceof Suspect s) {
            out.writeByte(6);
            out.writeLong(s.incarnation());
            out.writeUTF(s.node());
            out.writeUTF(s.from());
        } else if (message instanceof Dead d) {
            out.writeByte(7);
            out.writeLong(d.incarnation());
            out.writeUTF(d.node());
            out.writeUTF(d.from());
        } else if (message instanceof LeaveIntent l) {
            out.writeByte(8);
            out.writeUTF(l.node());
            out.writeLong(l.incarnation());
            out.writeBoolean(l.prune());
        } else if (message instanceof UserEventMessage u) {
            out.writeByte(9);
            out.writeLong(u.lamportTime());
            out.writeUTF(u.id());
            out.writeUTF(u.name());
            out.writeInt(u.payload().length);
            out.write(u.payload());
            out.writeUTF(u.nodeFilter());
            out.writeUTF(u.serviceFilter());
            out.writeUTF(u.tagFilter());
        } else if (message instanceof PushPull p) {
            out.writeByte(10);
            out.writeUTF(p.sender());
            out.writeBoolean(p.join());
            out.writeLong(p.eventClock());
            out.writeInt(p.nodes().size());
            for (NodeRecord n : p.nodes()) {
                out.writeUTF(n.name());
                out.writeUTF(n.address());
                writeTags(out, n.tags());
                out.writeLong(n.incarnation());
                out.writeByte(n.state().ordinal());
            }
        } else if (message instanceof Refusal r) {
            out.writeByte(11);
            out.writeUTF(r.reason());
        } else if (message instanceof KeyringRequest k) {
            out.writeByte(12);
            out.writeUTF(k.id());
            out.writeUTF(k.origin());
            out.writeUTF(k.originAddress());
            out.writeByte(k.operation().ordinal());
            out.writeUTF(k.key());
        } else if (message instanceof KeyringReply k) {
            out.writeByte(13);
            out.writeUTF(k.id());
            out.writeUTF(k.node());
            out.writeBoolean(k.ok());
            out.writeUTF(k.error());
            out.writeInt(k.keys().size());
            for (String key : k.keys()) {
                out.writeUTF(key);
            }
            out.writeUTF(k.primaryKey());
        } else if (message instanceof Compound c) {
            out.writeByte(14);
            out.writeShort(c.parts().size());
            for (Message part : c.parts()) {
                write(out, part);
            }
        } else {
            throw new IllegalArgumentException("no wire form for " + message.getClass().getName());
        }
    }

    private static Message read(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        return switch (type) {
            case 1 -> new Ping(in.readLong(), in.readUTF(), in.readUTF(), in.readUTF());
            case 2 -> new IndirectPing(in.readLong(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean());
            case 3 -> new Ack(in.readLong());
            case 15 -> new Ack(in.readLong(), readCoordinate(in));
            case 4 -> new Nack(in.readLong());
            case 5 -> new Alive(in.readLong(), in.readUTF(), in.readUTF(), readTags(in));
            case 6 -> new Suspect(in.readLong(), in.readUTF(), in.readUTF());
            case 7 -> new Dead(in.readLong(), in.readUTF(), in.readUTF());
            case 8 -> new LeaveIntent(in.readUTF(), in.readLong(), in.readBoolean());
            case 9 -> {
                long ltime = in.readLong();
                String id = in.readUTF();
                String name = in.readUTF();
                byte[] payload = new byte[count(in.readInt())];
                in.readFully(payload);
                yield new UserEventMessage(ltime, id, name, payload, in.readUTF(), in.readUTF(), in.readUTF());
            }
            case 10 -> {
                String sender = in.readUTF();
                boolean join = in.readBoolean();
                long clock = in.readLong();
                int n = count(in.readInt());
                List<NodeRecord> nodes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String name = in.readUTF();
                    String address = in.readUTF();
                    Map<String, String> tags = readTags(in);
                    long incarnation = in.readLong();
                    int state = in.readUnsignedByte();
                    if (state >= Message.NodeState.values().length) {
                        throw new MalformedMessageException("unknown node state " + state + " for " + name);
                    }
                    nodes.add(new NodeRecord(name, address, tags, incarnation, Message.NodeState.values()[state]));
                }
                yield new PushPull(sender, join, nodes, clock);
            }
            case 11 -> new Refusal(in.readUTF());
            case 12 -> {
                String id = in.readUTF();
                String origin = in.readUTF();
                String originAddress = in.readUTF();
                int op = in.readUnsignedByte();
                if (op >= Message.KeyringOperation.values().length) {
                    throw new MalformedMessageException("unknown keyring operation " + op);
                }
                yield new KeyringRequest(id, origin, originAddress, Message.KeyringOperation.values()[op], in.readUTF());
            }
            case 13 -> {
                String id = in.readUTF();
                String node = in.readUTF();
                boolean ok = in.readBoolean();
                String error = in.readUTF();
                int n = count(in.readInt());
                List<String> keys = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    keys.add(in.readUTF());
                }
                yield new KeyringReply(id, node, ok, error, keys, in.readUTF());
            }
            case 14 -> {
                int n = in.readUnsignedShort();
                List<Message> parts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    parts.add(read(in));
                }
                yield new Compound(parts);
            }
            default -> throw new MalformedMessageException("unknown gossip message type " + type);
        };
    }

    /** Dimension count (one unsigned byte), the vector, then error, adjustment and height, as IEEE doubles. */
    private static void writeCoordinate(DataOutputStream out, VivaldiCoordinate c) throws IOException {
        double[] vec = c.vec();
        if (vec.length > 255) {
            throw new IllegalArgumentException("a coordinate of " + vec.length + " dimensions has no wire form (at most 255)");
        }
        out.writeByte(vec.length);
        for (double v : vec) {
            out.writeDouble(v);
        }
        out.writeDouble(c.error());
        out.writeDouble(c.adjustment());
        out.writeDouble(c.height());
    }

    /** Decodes any dimensionality and any values: the Vivaldi client decides whether it can use them. */
    private static VivaldiCoordinate readCoordinate(DataInputStream in) throws IOException {
        double[] vec = new double[in.readUnsignedByte()];
        for (int i = 0; i < vec.length; i++) {
            vec[i] = in.readDouble();
        }
        return new VivaldiCoordinate(vec, in.readDouble(), in.readDouble(), in.readDouble());
    }

    private static void writeTags(DataOutputStream out, Map<String, String> tags) throws IOException {
        out.writeShort(tags.size());
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(tags).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static Map<String, String> readTags(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            tags.put(in.readUTF(), in.readUTF());
        }
        return tags;
    }

    private static int count(int n) {
        if (n < 0 || n > MAX_ITEMS) {
            throw new MalformedMessageException("implausible length " + n + " in gossip message");
        }
        return n;
    }

    /** The bytes were not a valid message; the text says what was wrong. */
    public static final class MalformedMessageException extends RuntimeException {
        public MalformedMessageException(String message) {
            super(message);
        }
    }
}
