package io.muster.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.cli.testkit.CliRunner;
import io.muster.cli.testkit.FakeAgent;
import java.io.IOException;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentCommandsTest {
    private FakeAgent agent;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent();
        cli = CliRunner.against(agent);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void joinContactsEachAddress() {
        agent.on("PUT /v1/agent/join/192.168.2.210", "");
        CliRunner.Result result = cli.run("join", "-wan", "192.168.2.210");
        assertThat(result.out()).isEqualTo("Successfully joined cluster by contacting 1 nodes.\n");
        assertThat(result.code()).isZero();
        assertThat(agent.last("PUT", "/v1/agent/join/192.168.2.210").query()).isEqualTo("wan=1");
    }

    @Test
    void joinFailingEverywhereExitsOne() {
        CliRunner.Result result = cli.run("join", "10.0.0.9");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("Error joining address '10.0.0.9': Unexpected response code: 404")
                .endsWith("Failed to join any nodes.\n");
        assertThat(cli.run("join").err()).startsWith("At least one address to join must be specified.");
    }

    @Test
    void leaveReloadAndForceLeave() {
        agent.on("PUT /v1/agent/leave", "").on("PUT /v1/agent/reload", "")
                .on("PUT /v1/agent/force-leave/node9", "");
        assertThat(cli.run("leave").out()).isEqualTo("Graceful leave complete\n");
        assertThat(cli.run("reload").out()).isEqualTo("Configuration reload triggered\n");
        CliRunner.Result extra = cli.run("leave", "now");
        assertThat(extra.code()).isEqualTo(1);
        assertThat(extra.err()).isEqualTo("Error found unexpected args: [now]\n");
        CliRunner.Result forced = cli.run("force-leave", "-prune", "node9");
        assertThat(forced.code()).isZero();
        assertThat(agent.last("PUT", "/v1/agent/force-leave/node9").query()).isEqualTo("prune=1");
        assertThat(cli.run("force-leave").code()).isEqualTo(1);
    }

    @Test
    void infoPrintsSortedStats() {
        agent.on("GET /v1/agent/self", "{\"Stats\":{\"raft\":{\"state\":\"Leader\",\"applied_index\":\"7\"},"
                + "\"agent\":{\"services\":\"1\"}}}");
        assertThat(cli.run("info").out()).isEqualTo(
                "agent:\n\tservices = 1\nraft:\n\tapplied_index = 7\n\tstate = Leader\n");
    }

    @Test
    void keygenPrints32RandomBytes() {
        CliRunner.Result first = cli.run("keygen");
        CliRunner.Result second = cli.run("keygen");
        assertThat(Base64.getDecoder().decode(first.out().strip())).hasSize(32);
        assertThat(first.out()).isNotEqualTo(second.out());
    }

    @Test
    void keyringListsPoolsAndInstallsKeys() {
        agent.on("GET /v1/operator/keyring", "[{\"WAN\":true,\"Datacenter\":\"dc1\",\"Keys\":{\"K1=\":3},"
                + "\"NumNodes\":3},{\"WAN\":false,\"Datacenter\":\"dc1\",\"Keys\":{\"K1=\":5},\"NumNodes\":5}]");
        agent.on("POST /v1/operator/keyring", "");
        CliRunner.Result list = cli.run("keyring", "-list");
        assertThat(list.out()).isEqualTo("==> Gathering installed encryption keys...\n\nWAN:\n  K1= [3/3]\n\n"
                + "dc1 (LAN):\n  K1= [5/5]\n");
        CliRunner.Result install = cli.run("keyring", "-install=NEW=");
        assertThat(install.code()).isZero();
        assertThat(agent.last("POST", "/v1/operator/keyring").body()).isEqualTo("{\"Key\":\"NEW=\"}");
        assertThat(cli.run("keyring", "-list", "-install=x").err()).contains("Only a single action is allowed");
    }

    @Test
    void eventFiresWithFiltersAndPayload() {
        agent.on("GET /v1/agent/self", "{\"Config\":{\"NodeName\":\"n1\"}}");
        agent.on("PUT /v1/event/fire/deploy", "{\"ID\":\"b54fe110-7af5-cafc-d1fb-afc8ba432b1c\",\"Name\":\"deploy\"}");
        CliRunner.Result result = cli.run("event", "-name=deploy", "-service", "web", "v1.2");
        assertThat(result.out()).isEqualTo("Event ID: b54fe110-7af5-cafc-d1fb-afc8ba432b1c\n");
        FakeAgent.Request fired = agent.last("PUT", "/v1/event/fire/deploy");
        assertThat(fired.query()).isEqualTo("service=web");
        assertThat(fired.body()).isEqualTo("v1.2");
        assertThat(cli.run("event", "payload").err()).startsWith("Event name must be specified\n\nUsage:");
        assertThat(cli.run("event", "-name=x", "-tag=a").err()).contains("Cannot provide tag filter");
    }

    @Test
    void maintEnablesNodeAndServiceAndLists() {
        agent.on("GET /v1/agent/self", "{\"Config\":{\"NodeName\":\"n1\"}}");
        agent.on("PUT /v1/agent/maintenance", "").on("PUT /v1/agent/service/maintenance/redis", "");
        assertThat(cli.run("maint", "-enable", "-reason", "upgrade").out())
                .isEqualTo("Node maintenance is now enabled\n");
        assertThat(agent.last("PUT", "/v1/agent/maintenance").query()).isEqualTo("enable=true&reason=upgrade");
        assertThat(cli.run("maint", "-disable", "-service=redis").out())
                .isEqualTo("Service maintenance is now disabled for \"redis\"\n");
        agent.on("GET /v1/agent/checks", "{\"_node_maintenance\":{\"CheckID\":\"_node_maintenance\","
                + "\"Notes\":\"upgrade\"}}");
        assertThat(cli.run("maint").out()).isEqualTo("Node:\n  Name:   n1\n  Reason: upgrade\n\n");
        assertThat(cli.run("maint", "-enable", "-disable").err())
                .isEqualTo("Only one of -enable or -disable may be provided\n");
        assertThat(cli.run("maint", "-enable", "-service=nope").err())
                .startsWith("Error enabling service maintenance: Unexpected response code: 404");
    }

    @Test
    void monitorStreamsLogLinesUntilTheAgentCloses() {
        agent.on("GET /v1/agent/monitor", "2024-01-01T00:00:00Z [INFO] agent: started\n"
                + "2024-01-01T00:00:01Z [DEBUG] agent: tick\n");
        CliRunner.Result result = cli.run("monitor", "-log-level=debug");
        assertThat(result.out()).startsWith("2024-01-01T00:00:00Z [INFO] agent: started\n"
                + "2024-01-01T00:00:01Z [DEBUG] agent: tick\nRemote side ended the monitor!");
        assertThat(agent.last("GET", "/v1/agent/monitor").query()).isEqualTo("loglevel=debug");
    }

    @Test
    void versionListsAgentPlugins() {
        agent.on("GET /v1/agent/self", "{\"Plugins\":[{\"ID\":\"http-api\",\"Version\":\"0.1.0\","
                + "\"State\":\"STARTED\",\"Extensions\":[\"Frontend\"]},{\"ID\":\"dns\",\"Version\":\"0.1.0\","
                + "\"State\":\"STARTED\",\"Extensions\":[\"Frontend\",\"Other\"]}]}");
        CliRunner.Result result = cli.run("version");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("Plugins loaded by the agent at " + agent.address() + ":\n"
                + "  http-api  0.1.0  STARTED  Frontend\n"
                + "  dns       0.1.0  STARTED  Frontend, Other\n");
    }

    @Test
    void rttUsesVivaldiDistance() {
        agent.on("GET /v1/coordinate/nodes", "[{\"Node\":\"a\",\"Coord\":{\"Vec\":[0.001,0],\"Height\":0.0001,"
                + "\"Adjustment\":0}},{\"Node\":\"b\",\"Coord\":{\"Vec\":[0,0],\"Height\":0.0001,\"Adjustment\":0}}]");
        CliRunner.Result result = cli.run("rtt", "a", "b");
        assertThat(result.out()).isEqualTo("Estimated a <-> b rtt: 1.200 ms (using LAN coordinates)\n");
        assertThat(cli.run("rtt", "a", "zz").err()).contains("Could not find a coordinate for node \"zz\"");
    }
}
