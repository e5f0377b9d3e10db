package io.muster.kernel.rpc;

import io.muster.kernel.testing.MutableClock;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ServerListTest {
    private static final List<String> THREE = List.of("10.0.0.1:8300", "10.0.0.2:8300", "10.0.0.3:8300");
    private final MutableClock clock = new MutableClock();

    private static List<String> shuffled(List<String> servers, Random random) {
        List<String> copy = new ArrayList<>(servers);
        Collections.shuffle(copy, random);
        return copy;
    }

    @Test
    void serversAreAliveConsulMembersOfThisDatacenterAtTheirRpcPort() {
        Map<String, String> server = Map.of("role", "consul", "dc", "dc1", "port", "8300");
        List<Member> members = List.of(
                new Member("s1", "10.0.0.1", 8301, server, MemberStatus.ALIVE, 2, 5, 2),
                new Member("s2", "10.0.0.2", 8301, Map.of("role", "consul", "dc", "dc1", "port", "9300"),
                        MemberStatus.ALIVE, 2, 5, 2),
                new Member("s3", "10.0.0.3", 8301, server, MemberStatus.FAILED, 2, 5, 2),
                new Member("s4", "10.0.0.4", 8301, Map.of("role", "consul", "dc", "dc2", "port", "8300"),
                        MemberStatus.ALIVE, 2, 5, 2),
                new Member("c1", "10.0.0.5", 8301, Map.of("role", "node", "dc", "dc1"), MemberStatus.ALIVE, 2, 5, 2));

        assertThat(ServerList.rpcAddresses(members, "dc1")).containsExactly("10.0.0.1:8300", "10.0.0.2:9300");
    }

    @Test
    void aFailedServerMovesToTheEndAndTheListIsReshuffledEveryTwoMinutes() {
        ServerList list = new ServerList(() -> THREE, clock, new Random(5));
        Random same = new Random(5);
        List<String> first = shuffled(THREE, same);
        assertThat(list.candidates()).isEqualTo(first);

        list.failed(first.get(0));
        assertThat(list.candidates()).containsExactly(first.get(1), first.get(2), first.get(0));

        clock.advance(ServerList.REBALANCE_INTERVAL.minusSeconds(1));
        assertThat(list.candidates().get(0)).isEqualTo(first.get(1));
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(list.candidates()).isEqualTo(shuffled(THREE, same));
    }

    @Test
    void joinsAndLeavesBetweenRebalancesKeepThePreferredServer() {
        AtomicReference<List<String>> known = new AtomicReference<>(THREE);
        ServerList list = new ServerList(known::get, clock, new Random(9));
        List<String> order = list.candidates();
        String preferred = order.get(0);

        known.set(List.of(THREE.get(0), THREE.get(1), THREE.get(2), "10.0.0.4:8300"));
        assertThat(list.candidates()).startsWith(order.toArray(String[]::new)).endsWith("10.0.0.4:8300");

        List<String> withoutLast = new ArrayList<>(THREE);
        withoutLast.remove(order.get(2));
        known.set(withoutLast);
        assertThat(list.candidates()).containsExactly(preferred, order.get(1));
    }

    @Test
    void noServersMeansConsulsError() {
        ServerList list = new ServerList(List::of, clock, new Random(1));
        assertThat(list.candidates()).isEmpty();
        assertThat(list.none().getMessage()).isEqualTo("No known Consul servers");
    }
}
