package io.muster.cli.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.cli.testkit.CliRunner;
import io.muster.cli.testkit.FakeAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCommandsTest {
    @TempDir
    Path dir;

    private FakeAgent agent;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent();
        cli = CliRunner.against(agent).workingDir(dir);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void datacenters() {
        agent.on("GET /v1/catalog/datacenters", "[\"dc1\",\"dc2\"]");
        assertThat(cli.run("catalog", "datacenters").out()).isEqualTo("dc1\ndc2\n");
    }

    @Test
    void nodesShortAndDetailed() {
        agent.on("GET /v1/catalog/nodes", "[{\"ID\":\"1b662d97-8b5c-3cc2-0ac0-96f55ad423b5\",\"Node\":\"worker-01\","
                + "\"Address\":\"10.4.5.31\",\"Datacenter\":\"dc1\",\"TaggedAddresses\":{\"wan\":\"10.4.5.31\","
                + "\"lan\":\"10.4.5.31\"},\"Meta\":{}}]");
        assertThat(cli.run("catalog", "nodes").out())
                .isEqualTo("Node       ID        Address    DC\nworker-01  1b662d97  10.4.5.31  dc1\n");
        assertThat(cli.run("catalog", "nodes", "-detailed").out()).isEqualTo(
                "Node       ID                                    Address    DC   TaggedAddresses               Meta\n"
                + "worker-01  1b662d97-8b5c-3cc2-0ac0-96f55ad423b5  10.4.5.31  dc1  lan=10.4.5.31, wan=10.4.5.31  \n");
    }

    @Test
    void nodesOfAServiceAndEmptyResult() {
        agent.on("GET /v1/catalog/service/web", "[]");
        CliRunner.Result none = cli.run("catalog", "nodes", "-service=web");
        assertThat(none.code()).isZero();
        assertThat(none.err()).isEqualTo("No nodes match the given query - try expanding your search.\n");
    }

    @Test
    void servicesWithTags() {
        agent.on("GET /v1/catalog/services", "{\"web\":[\"v2\",\"master\"],\"consul\":[]}");
        assertThat(cli.run("catalog", "services").out()).isEqualTo("consul\nweb\n");
        assertThat(cli.run("catalog", "services", "-tags").out()).isEqualTo("consul      \nweb         master,v2\n");
    }

    @Test
    void registerFromFileAndFlagsThenDeregister() throws IOException {
        agent.on("PUT /v1/agent/service/register", "");
        Files.writeString(dir.resolve("web.json"), "{\"service\": {\"name\": \"web\", \"tags\": [\"master\"], "
                + "\"port\": 8080, \"check\": {\"http\": \"http://127.0.0.1:8080\", \"interval\": \"10s\"}}}");
        CliRunner.Result fromFile = cli.run("services", "register", "web.json");
        assertThat(fromFile.out()).isEqualTo("Registered service: web\n");
        assertThat(agent.last("PUT", "/v1/agent/service/register").body()).isEqualTo("{\"name\":\"web\","
                + "\"tags\":[\"master\"],\"port\":8080,\"check\":{\"http\":\"http://127.0.0.1:8080\","
                + "\"interval\":\"10s\"}}");
        cli.run("services", "register", "-name=api", "-port=9090", "-tag=a", "-tag=b", "-meta=team=core");
        assertThat(agent.last("PUT", "/v1/agent/service/register").body()).isEqualTo(
                "{\"Name\":\"api\",\"Port\":9090,\"Tags\":[\"a\",\"b\"],\"Meta\":{\"team\":\"core\"}}");
        agent.on("PUT /v1/agent/service/deregister/web", "");
        assertThat(cli.run("services", "deregister", "web.json").out()).isEqualTo("Deregistered service: web\n");
        assertThat(cli.run("services", "register").code()).isEqualTo(1);
    }
}
