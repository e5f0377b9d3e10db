package io.muster.gossip.swim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Updates waiting to be piggybacked. The least-sent update goes first (newest first among equals), each is
 * sent at most {@link SwimConfig#retransmitLimit} times, and a newer update about the same subject
 * (a node name, an event id) replaces the older one, which would only be stale news.
 */
public final class TransmitQueue {
    private static final Comparator<Entry> ORDER = Comparator.<Entry>comparingInt(e -> e.transmits)
            .thenComparing(Comparator.<Entry>comparingLong(e -> e.id).reversed());

    private final TreeSet<Entry> queue = new TreeSet<>(ORDER);
    private final Map<String, Entry> bySubject = new HashMap<>();
    private long nextId;

    private static final class Entry {
        final String subject;
        final Message message;
        final int size;
        final long id;
        int transmits;

        Entry(String subject, Message message, int size, long id) {
            this.subject = subject;
            this.message = message;
            this.size = size;
            this.id = id;
        }
    }

    public void enqueue(String subject, Message message) {
        Entry old = bySubject.remove(subject);
        if (old != null) {
            queue.remove(old);
        }
        // the wire size without the packet's magic byte: what the update adds to a compound packet
        Entry entry = new Entry(subject, message, MessageCodec.encode(message).length - 1, nextId++);
        bySubject.put(subject, entry);
        queue.add(entry);
    }

    /** Takes updates that fit in {@code budgetBytes}, counting one transmission for each. */
    public List<Message> take(int budgetBytes, int retransmitLimit) {
        if (queue.isEmpty()) {
            return List.of();
        }
        List<Entry> picked = new ArrayList<>();
        int used = 0;
        for (Entry e : queue) {
            if (used + e.size <= budgetBytes) {
                picked.add(e);
                used += e.size;
            }
            if (budgetBytes - used < 16) {
                break;
            }
        }
        List<Message> out = new ArrayList<>(picked.size());
        for (Entry e : picked) {
            queue.remove(e);
            out.add(e.message);
            e.transmits++;
            if (e.transmits >= retransmitLimit) {
                bySubject.remove(e.subject);
            } else {
                queue.add(e);
            }
        }
        return out;
    }

    public boolean contains(String subject) {
        return bySubject.containsKey(subject);
    }

    public int size() {
        return queue.size();
    }

    public void clear() {
        queue.clear();
        bySubject.clear();
    }
}
