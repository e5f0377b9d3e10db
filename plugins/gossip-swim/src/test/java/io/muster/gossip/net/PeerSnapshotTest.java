package io.muster.gossip.net;

import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PeerSnapshotTest {

    private static Member member(String name, String ip, MemberStatus status) {
        return new Member(name, ip, 8301, Map.of(), status, 1, 5, 2);
    }

    @Test
    void rejoinsAlivePeersUnlessTheAgentLeft(@TempDir Path dir) throws Exception {
        PeerSnapshot snapshot = new PeerSnapshot(dir.resolve("serf/local.snapshot"));
        assertThat(snapshot.rejoinAddresses(false)).isEmpty();
        List<Member> members = List.of(member("self", "10.0.0.1", MemberStatus.ALIVE), member("b", "10.0.0.2", MemberStatus.ALIVE),
                member("c", "10.0.0.3", MemberStatus.FAILED), member("d", "::1", MemberStatus.ALIVE));

        snapshot.write("self", members, false);
        assertThat(snapshot.rejoinAddresses(false)).containsExactly("10.0.0.2:8301", "[::1]:8301");

        snapshot.write("self", members, true);
        assertThat(snapshot.rejoinAddresses(false)).as("a graceful leave ends automatic rejoin").isEmpty();
        assertThat(snapshot.rejoinAddresses(true)).as("unless rejoin_after_leave").hasSize(2);
    }

    @Test
    void addressesGetTheDefaultPortWhenMissing() {
        assertThat(GossipPool.withDefaultPort("10.0.0.1", 8301)).isEqualTo("10.0.0.1:8301");
        assertThat(GossipPool.withDefaultPort("10.0.0.1:9000", 8301)).isEqualTo("10.0.0.1:9000");
        assertThat(GossipPool.withDefaultPort("::1", 8301)).isEqualTo("[::1]:8301");
        assertThat(GossipPool.withDefaultPort("[::1]:9000", 8301)).isEqualTo("[::1]:9000");
        assertThat(GossipPool.resolve("[::1]:9000").getPort()).isEqualTo(9000);
    }
}
