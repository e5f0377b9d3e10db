package io.muster.raft;

import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sits low in the stack (under the failure detectors) and reports every message from the current leader's
 * address, heartbeats included: an idle jgroups-raft leader sends no raft messages, so raft traffic alone would
 * not show that it is alive. It also keeps when each member was last heard from, for the leader's autopilot view.
 */
final class ContactProtocol extends Protocol {
    private final Runnable heardFromLeader;
    private volatile Address leader;
    private final Map<String, Long> lastHeardNanos = new ConcurrentHashMap<>();

    ContactProtocol(Runnable heardFromLeader) {
        this.heardFromLeader = heardFromLeader;
    }

    void leader(Address leader) {
        this.leader = leader;
    }

    @Override
    public Object up(Message msg) {
        noteSender(msg.getSrc());
        return up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        noteSender(batch.sender());
        up_prot.up(batch);
    }

    /** When {@code member} (by logical name) was last heard from, in {@link System#nanoTime()} terms. */
    Long lastHeardNanos(String member) {
        return lastHeardNanos.get(member);
    }

    private void noteSender(Address src) {
        if (src != null) {
            lastHeardNanos.put(String.valueOf(src), System.nanoTime());
        }
        Address l = leader;
        if (l != null && l.equals(src)) {
            heardFromLeader.run();
        }
    }
}
