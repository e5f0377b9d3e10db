package io.muster.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.cli.testkit.CliRunner;
import io.muster.cli.testkit.FakeAgent;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WatchCommandTest {
    private FakeAgent agent;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent().on("GET /v1/agent/self", "{\"Config\":{\"NodeName\":\"n1\"}}");
        cli = CliRunner.against(agent);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void withoutHandlerPrintsTheCurrentValueOnce() {
        agent.on("GET /v1/catalog/services", "{\"consul\":[],\"web\":[\"v1\"]}");
        CliRunner.Result result = cli.run("watch", "-type=services");
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("{\n    \"consul\": [],\n    \"web\": [\n        \"v1\"\n    ]\n}\n");
    }

    @Test
    void handlerGetsEachNewResultOnStdinWithItsIndex() {
        AtomicInteger calls = new AtomicInteger();
        // Index 10, then the same index (no change: no handler run), then 11.
        agent.on("GET /v1/kv/app/", request -> {
            int n = calls.incrementAndGet();
            long index = n == 1 ? 10 : n == 2 ? 10 : 11;
            return new FakeAgent.Answer(200, "[{\"Key\":\"app/a\",\"Value\":\"" + (index == 10 ? "MQ==" : "Mg==")
                    + "\",\"ModifyIndex\":" + index + "}]", index);
        });
        CliRunner.Result result = cli.run(new WatchCommand(2), "-type", "keyprefix", "-prefix", "app/",
                "echo index=$CONSUL_INDEX; cat");
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("index=10\n[{\"Key\":\"app/a\",\"Value\":\"MQ==\",\"ModifyIndex\":10}]\n"
                + "index=11\n[{\"Key\":\"app/a\",\"Value\":\"Mg==\",\"ModifyIndex\":11}]\n");
        assertThat(agent.requests()).filteredOn(r -> r.path().equals("/v1/kv/app/"))
                .extracting(FakeAgent.Request::query)
                .containsExactly("recurse=", "recurse=&index=10", "recurse=&index=10");
    }

    @Test
    void serviceWatchPassesTagAndPassingFilters() {
        agent.on("GET /v1/health/service/web", "[]");
        cli.run("watch", "-type=service", "-service=web", "-tag=v1", "-passingonly=true");
        assertThat(agent.last("GET", "/v1/health/service/web").query()).isEqualTo("tag=v1&passing=");
        assertThat(cli.run("watch", "-type=service", "-service=web", "-passingonly", "yes").err())
                .startsWith("Failed to parse passingonly flag");
    }

    @Test
    void failingHandlerStopsTheWatchWithStatusOne() {
        agent.on("GET /v1/catalog/nodes", "[]");
        CliRunner.Result result = cli.run("watch", "-type=nodes", "echo handled; exit 4");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("handled\n");
        assertThat(result.err()).isEqualTo("Error executing handler: exit status 4\n");
    }

    @Test
    void missingKeyPrintsNull() {
        assertThat(cli.run("watch", "-type=key", "-key=nope").out()).isEqualTo("null\n");
    }

    @Test
    void typeErrors() {
        assertThat(cli.run("watch").err()).startsWith("Must specify watch type");
        assertThat(cli.run("watch", "-type=key").err()).startsWith("Must specify -key for \"key\" watch type");
        assertThat(cli.run("watch", "-type=bogus").err()).startsWith("Unsupported watch type: bogus");
        CliRunner.Result noRoute = cli.run("watch", "-type=services");
        assertThat(noRoute.code()).isEqualTo(1);
        agent.close();
        assertThat(cli.run("watch", "-type=nodes").err()).startsWith("Error querying Consul agent: Error connecting");
    }
}
