package io.muster.gossip;

import io.muster.spi.ConfigView;
import io.muster.spi.membership.KeyringResponse;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.membership.MembershipContext;
import io.muster.spi.membership.MembershipListener;
import io.muster.spi.membership.UserEvent;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real UDP and TCP on 127.0.0.1, .2 and .3, all on the same port, as several local agents run. */
class LoopbackClusterTest {
    private static final String KEY = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";
    private static final String OTHER_KEY = "DiZYvrhLk7Ux8cJ0bKdoLyZVeLLXy9bsvSSp7xG3mXc=";

    private final List<SwimMembership> started = new ArrayList<>();

    @TempDir
    Path dataRoot;

    static final class Recorder implements MembershipListener {
        final List<MemberEvent> members = new CopyOnWriteArrayList<>();
        final List<UserEvent> users = new CopyOnWriteArrayList<>();

        @Override
        public void onMemberEvent(MemberEvent event) {
            members.add(event);
        }

        @Override
        public void onUserEvent(UserEvent event) {
            users.add(event);
        }
    }

    @AfterEach
    void stopAll() {
        started.forEach(SwimMembership::stop);
    }

    private SwimMembership agent(String name, String ip, int port, Recorder recorder, String key) throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("bind_addr", ip);
        values.put("ports.serf_lan", port);
        values.put("gossip_lan.probe_interval", "300ms");
        values.put("gossip_lan.probe_timeout", "100ms");
        values.put("gossip_lan.gossip_interval", "50ms");
        if (key != null) {
            values.put("encrypt", key);
        }
        ConfigView config = new MapConfig(values);
        Path dataDir = Files.createDirectories(dataRoot.resolve(name));
        SwimMembership m = new SwimMembership();
        m.start(new MembershipContext() {
            @Override
            public ConfigView config() {
                return config;
            }

            @Override
            public String nodeName() {
                return name;
            }

            @Override
            public Map<String, String> tags() {
                return Map.of("role", "node", "dc", "dc1", "id", name);
            }

            @Override
            public MembershipListener listener() {
                return recorder;
            }

            @Override
            public Optional<Path> dataDir() {
                return Optional.of(dataDir);
            }
        });
        started.add(m);
        return m;
    }

    /** A port free for UDP and TCP on all three loopback addresses. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = s.getLocalPort();
            }
            if (freeEverywhere(port)) {
                return port;
            }
        }
        throw new IOException("no port free on 127.0.0.1-3 for both UDP and TCP");
    }

    private static boolean freeEverywhere(int port) {
        for (String ip : List.of("127.0.0.1", "127.0.0.2", "127.0.0.3")) {
            try (ServerSocket t = new ServerSocket(); DatagramSocket u = new DatagramSocket(null)) {
                t.bind(new InetSocketAddress(ip, port));
                u.bind(new InetSocketAddress(ip, port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static MemberStatus statusOf(SwimMembership viewer, String node) {
        return viewer.members(false).stream().filter(m -> m.name().equals(node)).map(Member::status).findFirst().orElse(MemberStatus.NONE);
    }

    @Test
    void threeAgentsJoinSeeEachOtherAndSeeALeaveAndAFailure() throws Exception {
        int port = freePort();
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        Recorder rc = new Recorder();
        SwimMembership a = agent("a", "127.0.0.1", port, ra, KEY);
        SwimMembership b = agent("b", "127.0.0.2", port, rb, KEY);
        SwimMembership c = agent("c", "127.0.0.3", port, rc, KEY);

        assertThat(b.join(List.of("127.0.0.1:" + port), false).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(c.join(List.of("127.0.0.1"), false).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (SwimMembership viewer : List.of(a, b, c)) {
                assertThat(viewer.members(false)).extracting(Member::name).containsExactlyInAnyOrder("a", "b", "c");
                assertThat(viewer.members(false)).allMatch(m -> m.status() == MemberStatus.ALIVE);
            }
        });
        Member cSeenByA = a.members(false).stream().filter(m -> m.name().equals("c")).findFirst().orElseThrow();
        assertThat(cSeenByA.address()).isEqualTo("127.0.0.3");
        assertThat(cSeenByA.port()).isEqualTo(port);
        assertThat(cSeenByA.tags()).containsEntry("id", "c");

        a.fire(new UserEvent("", "deploy", "v2".getBytes(), "", "", "", 0));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (Recorder r : List.of(ra, rb, rc)) {
                assertThat(r.users).extracting(UserEvent::name).containsExactly("deploy");
            }
        });

        b.leave().toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(statusOf(a, "b")).isEqualTo(MemberStatus.LEFT);
            assertThat(statusOf(c, "b")).isEqualTo(MemberStatus.LEFT);
        });
        assertThat(ra.members).anyMatch(e -> e.type() == MemberEvent.Type.LEAVE && e.member().name().equals("b"));
        assertThat(Files.readString(dataRoot.resolve("b/serf/local.snapshot"))).contains("leave");

        c.stop();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statusOf(a, "c")).isEqualTo(MemberStatus.FAILED));
        assertThat(ra.members).anyMatch(e -> e.type() == MemberEvent.Type.FAIL && e.member().name().equals("c"));
        assertThat(ra.members).noneMatch(e -> e.type() == MemberEvent.Type.FAIL && e.member().name().equals("b"));

        assertThat(Files.readString(dataRoot.resolve("a/serf/local.keyring"))).contains(KEY);
    }

    @Test
    void anAgentWithAnotherKeyCannotJoinAndKeyringOperationsReachEveryMember() throws Exception {
        int port = freePort();
        SwimMembership a = agent("a", "127.0.0.1", port, new Recorder(), KEY);
        SwimMembership b = agent("b", "127.0.0.2", port, new Recorder(), KEY);
        SwimMembership stranger = agent("stranger", "127.0.0.3", port, new Recorder(), OTHER_KEY);

        assertThatThrownBy(() -> stranger.join(List.of("127.0.0.1:" + port), false).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .hasMessageContaining("Failed to join any nodes")
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("encryption key");
        assertThat(a.members(false)).extracting(Member::name).containsExactly("a");

        assertThat(b.join(List.of("127.0.0.1:" + port), false).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> a.members(false).size() == 2 && b.members(false).size() == 2);

        List<KeyringResponse> installed = a.keyringInstall(OTHER_KEY).toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(installed).hasSize(1);
        assertThat(installed.get(0).keys()).containsEntry(KEY, 2).containsEntry(OTHER_KEY, 2);
        assertThat(installed.get(0).messages()).isEmpty();

        List<KeyringResponse> removePrimary = a.keyringRemove(KEY).toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(removePrimary.get(0).messages()).containsValue("Removing the primary key is not allowed");

        a.keyringUse(OTHER_KEY).toCompletableFuture().get(15, TimeUnit.SECONDS);
        List<KeyringResponse> listed = a.keyringList().toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(listed.get(0).primaryKeys()).containsEntry(OTHER_KEY, 2);
        assertThat(listed.get(0).numNodes()).isEqualTo(2);
        assertThat(Files.readString(dataRoot.resolve("b/serf/local.keyring"))).startsWith("[\"" + OTHER_KEY + "\"");

        // now that the cluster encrypts with the stranger's key, it can join
        assertThat(stranger.join(List.of("127.0.0.2:" + port), false).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> a.members(false).size() == 3);
    }

    @Test
    void theSameNodeNameFromAnotherAddressIsRefusedNamingBothAddresses() throws Exception {
        int port = freePort();
        SwimMembership a = agent("a", "127.0.0.1", port, new Recorder(), null);
        agent("b", "127.0.0.2", port, new Recorder(), null).join(List.of("127.0.0.1:" + port), false)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        SwimMembership impostor = agent("b", "127.0.0.3", port, new Recorder(), null);

        assertThatThrownBy(() -> impostor.join(List.of("127.0.0.1:" + port), false).toCompletableFuture().join())
                .hasMessageContaining("127.0.0.2:" + port)
                .hasMessageContaining("127.0.0.3:" + port)
                .hasMessageContaining("unique node name");
        assertThat(a.members(false)).filteredOn(m -> m.name().equals("b")).extracting(Member::address).containsExactly("127.0.0.2");
    }
}
