package io.muster.raft;

import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * Sits low in the stack (under the failure detectors) and reports every message from the current leader's
 * address, heartbeats included: an idle jgroups-raft leader sends no raft messages, so raft traffic alone would
 * not show that it is alive.
 */
final class ContactProtocol extends Protocol {
    private final Runnable heardFromLeader;
    private volatile Address leader;

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

    private void noteSender(Address src) {
        Address l = leader;
        if (l != null && l.equals(src)) {
            heardFromLeader.run();
        }
    }
}
