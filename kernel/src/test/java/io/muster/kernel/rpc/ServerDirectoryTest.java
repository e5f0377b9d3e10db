package io.muster.kernel.rpc;

import io.muster.spi.membership.MemberEvent;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServerDirectoryTest {
    private static Member server(String name, String ip, MemberStatus status) {
        return new Member(name, ip, 8301, Map.of("role", "consul", "dc", "dc1", "port", "8300"), status, 2, 5, 2);
    }

    @Test
    void followsServersThroughJoinFailureAndReturn() {
        ServerDirectory directory = new ServerDirectory("dc1");
        directory.addAll(List.of(server("s1", "10.0.0.1", MemberStatus.ALIVE),
                new Member("c1", "10.0.0.9", 8301, Map.of("role", "node", "dc", "dc1"), MemberStatus.ALIVE, 2, 5, 2)));
        directory.onMemberEvent(new MemberEvent(MemberEvent.Type.JOIN, server("s2", "10.0.0.2", MemberStatus.ALIVE)));
        assertThat(directory.rpcAddresses()).containsExactlyInAnyOrder("10.0.0.1:8300", "10.0.0.2:8300");

        directory.onMemberEvent(new MemberEvent(MemberEvent.Type.FAIL, server("s1", "10.0.0.1", MemberStatus.FAILED)));
        assertThat(directory.rpcAddresses()).containsExactly("10.0.0.2:8300");

        directory.onMemberEvent(new MemberEvent(MemberEvent.Type.JOIN, server("s1", "10.0.0.11", MemberStatus.ALIVE)));
        directory.onMemberEvent(new MemberEvent(MemberEvent.Type.LEAVE, server("s2", "10.0.0.2", MemberStatus.LEFT)));
        assertThat(directory.rpcAddresses()).containsExactly("10.0.0.11:8300");
    }
}
