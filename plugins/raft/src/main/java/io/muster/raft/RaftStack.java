package io.muster.raft;

import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.raft.ELECTION;
import org.jgroups.protocols.raft.REDIRECT;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;

/**
 * The JGroups stack, built in code (XML stack files are looked up as resources, which breaks under plugin class
 * loaders). TCP only, no multicast and no UDP diagnostics: TCPPING finds peers at the servers' raft addresses.
 * Failure detection: FD_SOCK2 (a peer's process dies: seconds) plus FD_ALL3 heartbeats (a peer hangs: 5 s).
 * jgroups-raft's ELECTION lets the view coordinator run elections, so the stack must merge partitions (MERGE3).
 */
final class RaftStack {
    private static final long STABLE_AFTER_BYTES = 300_000;

    private RaftStack() {
    }

    static JChannel create(RaftSettings s, IndexedRaft raft, ContactProtocol contact,
                           Collection<InetSocketAddress> initialHosts) throws Exception {
        InetAddress bind = InetAddress.getByName(s.bindHost());
        TCP tcp = new TCP();
        tcp.setBindAddress(bind);
        tcp.setBindPort(s.raftPort());
        tcp.setPortRange(0);
        // JGroups leaves Nagle on: an AppendEntries or its ack then waits for the peer's delayed ACK (40 ms on
        // Linux), which put a 40 ms tail on one in six sequential writes
        tcp.tcpNodelay(true);
        // The default transfer-queue bundler stays: "no-bundler" gave 25-38 % more PUT throughput, but after a restart
        // of all servers one of them then often never learnt the leader (ClusterTest, 2 runs in 3)
        TCPPING ping = new TCPPING();
        ping.setPortRange(0);
        ping.initialHosts(List.copyOf(initialHosts));
        FD_SOCK2 fdSock = new FD_SOCK2();
        fdSock.setBindAddress(bind);
        fdSock.setPortRange(1);
        // Heartbeats every 100 ms: cheap among a few servers, and they are how the leader knows each follower's last
        // contact (autopilot's LastContact, judged against last_contact_threshold, 200 ms by default).
        FD_ALL3 fdAll = new FD_ALL3().setTimeout(5000).setInterval(100);
        NAKACK2 nakack = new NAKACK2().useMcastXmit(false);
        // NAKACK2 keeps every AppendEntries the leader multicasts until a STABLE round marks it seen by all. At
        // JGroups' default (a round per 2 MB received) a fresh leader's heap after collection grew from 9 to 59 MB
        // in 45 s of c16 writes (old generation filling towards a full collection), against 12 MB with 300 kB
        STABLE stable = new STABLE().setMaxBytes(STABLE_AFTER_BYTES);
        GMS gms = new GMS().setJoinTimeout(2000);
        gms.printLocalAddress(false); // no banner on stdout; the agent logs its own start-up lines
        return new JChannel(tcp, ping, contact, new MERGE3().setMinInterval(2000).setMaxInterval(5000),
                fdSock, fdAll, new VERIFY_SUSPECT2(), nakack, new UNICAST3(), stable, gms, new FRAG4(),
                new ELECTION(), raft, new REDIRECT()).name(s.nodeName());
    }

    static void updateInitialHosts(JChannel ch, Collection<InetSocketAddress> hosts) {
        TCPPING ping = ch.getProtocolStack().findProtocol(TCPPING.class);
        if (ping != null) {
            ping.initialHosts(List.copyOf(hosts));
        }
    }
}
