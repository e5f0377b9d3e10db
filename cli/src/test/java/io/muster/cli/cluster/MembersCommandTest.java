package io.muster.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.cli.testkit.CliRunner;
import io.muster.cli.testkit.FakeAgent;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembersCommandTest {
    private static final String MEMBERS = "[{\"Name\":\"agent-two\",\"Addr\":\"172.20.20.11\",\"Port\":8301,"
            + "\"Tags\":{\"role\":\"node\",\"dc\":\"dc1\",\"build\":\"1.4.1:abcd\",\"vsn\":\"2\"},\"Status\":1},"
            + "{\"Name\":\"agent-one\",\"Addr\":\"172.20.20.10\",\"Port\":8301,"
            + "\"Tags\":{\"role\":\"consul\",\"dc\":\"dc1\",\"build\":\"1.4.1:abcd\",\"vsn\":\"2\",\"port\":\"8300\"},"
            + "\"Status\":1},"
            + "{\"Name\":\"gone\",\"Addr\":\"::1\",\"Port\":8301,"
            + "\"Tags\":{\"role\":\"node\",\"dc\":\"dc1\",\"build\":\"1.4.1\",\"vsn\":\"2\"},\"Status\":4}]";

    private FakeAgent agent;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent().on("GET /v1/agent/members", MEMBERS);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void printsConsulsAlignedTable() {
        CliRunner.Result result = CliRunner.against(agent).run("members");
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo(""
                + "Node       Address            Status  Type    Build  Protocol  DC   Partition  Segment\n"
                + "agent-one  172.20.20.10:8301  alive   server  1.4.1  2         dc1  default    <all>\n"
                + "agent-two  172.20.20.11:8301  alive   client  1.4.1  2         dc1  default    <default>\n"
                + "gone       [::1]:8301         failed  client  1.4.1  2         dc1  default    <default>\n");
        assertThat(agent.last("GET", "/v1/agent/members").query()).isEqualTo("segment=_all");
    }

    @Test
    void httpAddrFlagInEveryGoForm() {
        CliRunner runner = new CliRunner().env("CONSUL_HTTP_ADDR", "127.0.0.1:1");
        assertThat(runner.run("members", "--http-addr", agent.address()).code()).isZero();
        assertThat(runner.run("members", "-http-addr=" + agent.address()).code()).isZero();
        assertThat(runner.run("members", "--http-addr=http://" + agent.address()).code()).isZero();
        assertThat(new CliRunner().env("MUSTER_HTTP_ADDR", agent.address()).run("members").code()).isZero();
    }

    @Test
    void statusFilterAndDetailedTags() {
        CliRunner.Result failed = CliRunner.against(agent).run("members", "-status=fail", "-detailed");
        assertThat(failed.code()).isZero();
        assertThat(failed.out()).isEqualTo("Node  Address     Status  Tags\n"
                + "gone  [::1]:8301  failed  ap=default,build=1.4.1,dc=dc1,role=node,segment=<default>,vsn=2\n");
    }

    @Test
    void serversComeFirstThenNames() {
        agent.on("GET /v1/agent/members", "[{\"Name\":\"a-client\",\"Addr\":\"10.0.0.3\",\"Port\":8301,"
                + "\"Tags\":{\"role\":\"node\",\"dc\":\"dc1\",\"build\":\"0.1.0\",\"vsn\":\"2\"},\"Status\":1},"
                + "{\"Name\":\"z-server\",\"Addr\":\"10.0.0.1\",\"Port\":8301,"
                + "\"Tags\":{\"role\":\"consul\",\"dc\":\"dc1\",\"build\":\"0.1.0\",\"vsn\":\"2\"},\"Status\":1}]");
        assertThat(CliRunner.against(agent).run("members").out().lines().skip(1).map(l -> l.split(" ")[0]))
                .containsExactly("z-server", "a-client");
    }

    @Test
    void nothingMatchingExitsTwoAsConsul() {
        CliRunner.Result none = CliRunner.against(agent).run("members", "-status", "left");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.out()).isEmpty();
    }

    @Test
    void wanAsksForTheWanPool() {
        CliRunner.against(agent).run("members", "-wan");
        assertThat(agent.last("GET", "/v1/agent/members").query()).isEqualTo("segment=_all&wan=1");
    }

    @Test
    void tokenFromFlagOrEnvironmentIsSent() {
        CliRunner.against(agent).env("CONSUL_HTTP_TOKEN", "env-token").run("members");
        assertThat(agent.last("GET", "/v1/agent/members").header("X-Consul-Token")).isEqualTo("env-token");
        CliRunner.against(agent).env("CONSUL_HTTP_TOKEN", "env-token").run("members", "-token=flag-token");
        assertThat(agent.last("GET", "/v1/agent/members").header("X-Consul-Token")).isEqualTo("flag-token");
    }

    @Test
    void connectionRefusedNamesTheAddress() {
        agent.close();
        CliRunner.Result result = CliRunner.against(agent).run("members");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("Error retrieving members: Error connecting to agent at "
                + agent.address() + ": connection refused. Is the agent running?");
    }

    @Test
    void httpErrorsUseConsulsWording() {
        agent.on("GET /v1/agent/members", request -> new FakeAgent.Answer(500, "rpc error: no leader", 0));
        CliRunner.Result result = CliRunner.against(agent).run("members");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo(
                "Error retrieving members: Unexpected response code: 500 (rpc error: no leader)\n");
    }
}
