package io.muster.it;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.kv.model.GetValue;
import com.ecwid.consul.v1.kv.model.PutParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The dev agent as a process, driven by the Java Consul client Spring Cloud Consul uses (ecwid consul-api). */
class FoundationIT {
    private static final String ADDRESS = "127.0.0.11";

    @TempDir
    static Path work;
    static AgentProcess agent;
    static ConsulClient consul;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.dev(work, ADDRESS);
        consul = new ConsulClient(ADDRESS, 8500);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void statusLeaderIsThisServersRpcAddress() throws Exception {
        assertThat(consul.getStatusLeader().getValue()).isEqualTo(ADDRESS + ":8300");
        assertThat(consul.getStatusPeers().getValue()).containsExactly(ADDRESS + ":8300");
    }

    @Test
    void kvPutGetListDelete() {
        assertThat(consul.setKVValue("foundation/a", "one").getValue()).isTrue();
        assertThat(consul.setKVValue("foundation/b", "two").getValue()).isTrue();
        Response<GetValue> a = consul.getKVValue("foundation/a");
        assertThat(a.getValue().getDecodedValue()).isEqualTo("one");
        assertThat(a.getConsulIndex()).isPositive();
        assertThat(consul.getKVValues("foundation/").getValue()).extracting(GetValue::getKey)
                .containsExactly("foundation/a", "foundation/b");
        assertThat(consul.getKVKeysOnly("foundation/").getValue()).containsExactly("foundation/a", "foundation/b");
        consul.deleteKVValue("foundation/a");
        assertThat(consul.getKVValue("foundation/a").getValue()).isNull();
        consul.deleteKVValues("foundation/");
        assertThat(consul.getKVValues("foundation/").getValue()).isNull();
    }

    @Test
    void casSucceedsOnlyAtTheCurrentIndex() {
        consul.setKVValue("cas/key", "v1");
        long index = consul.getKVValue("cas/key").getValue().getModifyIndex();
        PutParams stale = new PutParams();
        stale.setCas(index - 1);
        assertThat(consul.setKVValue("cas/key", "lost", stale).getValue()).isFalse();
        PutParams current = new PutParams();
        current.setCas(index);
        assertThat(consul.setKVValue("cas/key", "v2", current).getValue()).isTrue();
        assertThat(consul.getKVValue("cas/key").getValue().getDecodedValue()).isEqualTo("v2");
        PutParams create = new PutParams();
        create.setCas(0L);
        assertThat(consul.setKVValue("cas/key", "again", create).getValue()).isFalse();
    }

    @Test
    void blockingGetWakesOnAPutToItsKeyOnly() throws Exception {
        consul.setKVValue("watch/mine", "0");
        consul.setKVValue("watch/other", "0");
        long index = consul.getKVValue("watch/mine").getConsulIndex();
        // X-Consul-Index is the KV table's index (as Consul's), so the query must be parked before the other
        // write: the dev agent logs at debug level when it parks one.
        long parkedBefore = agent.output().lines().filter(l -> l.contains("blocking query parked")).count();
        CompletableFuture<Response<GetValue>> parked = CompletableFuture.supplyAsync(
                () -> consul.getKVValue("watch/mine", new QueryParams(30, index)));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                agent.output().lines().filter(l -> l.contains("blocking query parked")).count() > parkedBefore);
        // A write to another key must not wake the watcher of watch/mine.
        consul.setKVValue("watch/other", "1");
        assertThatThrownBy(() -> parked.get(500, TimeUnit.MILLISECONDS))
                .as("a write to watch/other must not answer the query parked on watch/mine")
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        consul.setKVValue("watch/mine", "1");
        // The bound: the watcher wakes within a second of the write, not at its 30 s wait.
        Response<GetValue> woke = parked.get(1, TimeUnit.SECONDS);
        assertThat(woke.getValue().getDecodedValue()).isEqualTo("1");
        assertThat(woke.getConsulIndex()).isGreaterThan(index);
    }

    @Test
    void agentSelfListsLoadedPluginsWithVersions() throws Exception {
        HttpResponse<String> self = agent.get("/v1/agent/self");
        assertThat(self.statusCode()).isEqualTo(200);
        assertThat(self.body()).contains("\"NodeName\":\"node-127-0-0-11\"", "\"Datacenter\":\"dc1\"",
                "http-api", "dns", "checks", "0.1.0");
    }

    @Test
    void oversizedValueIsRefusedWith413AndNothingIsStored() throws Exception {
        String big = "x".repeat(512 * 1024 + 1);
        HttpResponse<String> r = agent.put("/v1/kv/too/big", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(agent.get("/v1/kv/too/big").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedRequestsGet400() throws Exception {
        assertThat(agent.put("/v1/kv/x?cas=notanumber", "v").statusCode()).isEqualTo(400);
        assertThat(agent.get("/v1/kv/x?index=1&wait=10x").statusCode()).isEqualTo(400);
        assertThat(agent.put("/v1/kv/", "v").statusCode()).isEqualTo(400);
    }

    /** Uses an agent of its own, so that stopping it cannot affect the other tests. */
    @Test
    void sigtermStopsTheAgentCleanly() throws Exception {
        try (AgentProcess other = AgentProcess.dev(work.resolve("term"), "127.0.0.12")) {
            assertThat(other.terminate()).isZero();
            assertThat(other.output()).contains("shutdown complete");
        }
    }

    @Test
    void retryJoinGivesUpAfterRetryMaxAndExitsWithAnError() throws Exception {
        try (AgentProcess lonely = AgentProcess.launch(AgentProcess.dist(), work.resolve("retry"), "127.0.0.14", 8500,
                List.of("-node", "lonely", "-data-dir", work.resolve("retry/data").toString(), "-bind", "127.0.0.14",
                        "-client", "127.0.0.14", "-retry-join", "127.0.0.15", "-retry-interval", "1s", "-retry-max", "2"))) {
            assertThat(lonely.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(lonely.process().exitValue()).isEqualTo(1);
            assertThat(lonely.output()).contains("max join retry (2) exhausted for [127.0.0.15]");
        }
    }

    @Test
    void unknownFlagExitsNonZeroNamingIt() throws Exception {
        try (AgentProcess bad = AgentProcess.launch(AgentProcess.dist(), work.resolve("bad"), "127.0.0.13", 8500,
                List.of("-dev", "-no-such-flag"))) {
            assertThat(bad.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(bad.process().exitValue()).isNotZero();
            assertThat(bad.output()).contains("flag provided but not defined: -no-such-flag");
        }
    }
}
