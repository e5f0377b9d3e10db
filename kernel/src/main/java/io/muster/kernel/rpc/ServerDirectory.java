package io.muster.kernel.rpc;

import io.muster.spi.membership.MemberEvent;
import io.muster.spi.model.Member;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client agent's view of its datacenter's servers, kept from gossip events (no member-list copy per call): a
 * server that fails or leaves is dropped at once, as Consul's router drops it, and comes back when it is alive again.
 */
public final class ServerDirectory {
    private final String datacenter;
    private final Map<String, String> rpcByName = new ConcurrentHashMap<>();

    public ServerDirectory(String datacenter) {
        this.datacenter = datacenter;
    }

    /** Called on the membership thread: does not block. */
    public void onMemberEvent(MemberEvent event) {
        Member m = event.member();
        List<String> address = ServerList.rpcAddresses(List.of(m), datacenter);
        boolean usable = !address.isEmpty()
                && (event.type() == MemberEvent.Type.JOIN || event.type() == MemberEvent.Type.UPDATE);
        if (usable) {
            rpcByName.put(m.name(), address.get(0));
        } else {
            // Failed, left, reaped, or no longer a server of this datacenter.
            rpcByName.remove(m.name());
        }
    }

    /** Seeds the directory from the pool as it is now (members that joined before the listener saw them). */
    public void addAll(List<Member> members) {
        for (Member m : members) {
            onMemberEvent(new MemberEvent(MemberEvent.Type.UPDATE, m));
        }
    }

    /** The RPC addresses of the servers alive now, in no particular order. */
    public List<String> rpcAddresses() {
        return List.copyOf(rpcByName.values());
    }
}
