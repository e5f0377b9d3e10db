package io.muster.cli.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.muster.cli.testkit.CliRunner;
import io.muster.cli.testkit.FakeAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvCommandsTest {
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

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String pair(String key, String value, long modifyIndex) {
        return "{\"Key\":\"" + key + "\",\"Value\":\"" + b64(value) + "\",\"Flags\":0,\"LockIndex\":0,"
                + "\"CreateIndex\":5,\"ModifyIndex\":" + modifyIndex + "}";
    }

    @Test
    void getPrintsTheValueOrFailsForAMissingKey() {
        agent.on("GET /v1/kv/redis/maxconns", "[" + pair("redis/maxconns", "5", 7) + "]");
        CliRunner.Result result = cli.run("kv", "get", "redis/maxconns");
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("5\n");
        assertThat(cli.run("kv", "get", "/redis/maxconns").out()).as("leading slash forgiven").isEqualTo("5\n");
        CliRunner.Result missing = cli.run("kv", "get", "nope");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error! No key exists at: nope\n");
        assertThat(cli.run("kv", "get").err()).contains("Error! Missing KEY argument");
    }

    @Test
    void detailedUsesConsulsTabwriterLayout() {
        agent.on("GET /v1/kv/foo", "[" + pair("foo", "bar", 7) + "]");
        assertThat(cli.run("kv", "get", "-detailed", "foo").out()).isEqualTo(""
                + "CreateIndex      5\n"
                + "Flags            0\n"
                + "Key              foo\n"
                + "LockIndex        0\n"
                + "ModifyIndex      7\n"
                + "Session          -\n"
                + "Value            bar\n");
    }

    @Test
    void recurseAndKeysWithSeparator() {
        agent.on("GET /v1/kv/app/", "[" + pair("app/a", "1", 7) + "," + pair("app/b", "2", 8) + "]");
        CliRunner.Result recurse = cli.run("kv", "get", "-recurse", "app/");
        assertThat(recurse.out()).isEqualTo("app/a:1\napp/b:2\n");
        assertThat(agent.last("GET", "/v1/kv/app/").query()).isEqualTo("recurse=");
        agent.on("GET /v1/kv/app/", "[\"app/a\",\"app/sub/\"]");
        assertThat(cli.run("kv", "get", "--keys", "app/").out()).isEqualTo("app/a\napp/sub/\n");
        assertThat(agent.last("GET", "/v1/kv/app/").query()).isEqualTo("keys=&separator=%2F");
        cli.run("kv", "get", "-keys", "-separator=", "app/");
        assertThat(agent.last("GET", "/v1/kv/app/").query()).isEqualTo("keys=");
    }

    @Test
    void putTakesLiteralFileOrStdin(@TempDir Path dir) throws IOException {
        agent.on("PUT /v1/kv/k", "true");
        assertThat(cli.run("kv", "put", "k", "v1").out()).isEqualTo("Success! Data written to: k\n");
        assertThat(agent.last("PUT", "/v1/kv/k").body()).isEqualTo("v1");

        Files.writeString(dir.resolve("license.lic"), "from-file\n");
        assertThat(cli.workingDir(dir).run("kv", "put", "k", "@license.lic").code()).isZero();
        assertThat(agent.last("PUT", "/v1/kv/k").body()).isEqualTo("from-file\n");

        assertThat(cli.stdin("abcd1234\n").run("kv", "put", "k", "-").code()).isZero();
        assertThat(agent.last("PUT", "/v1/kv/k").body()).isEqualTo("abcd1234\n");

        assertThat(cli.run("kv", "put", "-base64", "k", b64("decoded")).code()).isZero();
        assertThat(agent.last("PUT", "/v1/kv/k").body()).isEqualTo("decoded");

        assertThat(cli.run("kv", "put", "k", "-5").code()).isZero();
        assertThat(agent.last("PUT", "/v1/kv/k").body()).isEqualTo("-5");
    }

    @Test
    void putSendsFlagsCasAndLocks() {
        agent.on("PUT /v1/kv/k", request -> FakeAgent.Answer.json(
                request.query() != null && request.query().contains("cas=3") ? "false" : "true"));
        cli.run("kv", "put", "-flags=42", "k", "v");
        assertThat(agent.last("PUT", "/v1/kv/k").query()).isEqualTo("flags=42");
        CliRunner.Result cas = cli.run("kv", "put", "-cas", "-modify-index=3", "k", "v");
        assertThat(cas.code()).isEqualTo(1);
        assertThat(cas.err()).isEqualTo("Error! Did not write to k: CAS failed\n");
        CliRunner.Result acquired = cli.run("kv", "put", "-acquire", "-session=s1", "k", "v");
        assertThat(acquired.out()).isEqualTo("Success! Lock acquired on: k\n");
        assertThat(agent.last("PUT", "/v1/kv/k").query()).isEqualTo("acquire=s1");
        assertThat(cli.run("kv", "put", "-acquire", "k").err())
                .contains("Missing -session (required with -acquire and -release)");
        assertThat(cli.run("kv", "put", "-cas", "k", "v").err()).contains("Must specify -modify-index with -cas!");
        agent.on("PUT /v1/kv/k", "false");
        assertThat(cli.run("kv", "put", "-release", "-session=s1", "k").err())
                .isEqualTo("Error! Did not release lock\n");
    }

    @Test
    void deleteSingleRecursiveAndCas() {
        agent.on("DELETE /v1/kv/app", "true");
        assertThat(cli.run("kv", "delete", "app").out()).isEqualTo("Success! Deleted key: app\n");
        assertThat(cli.run("kv", "delete", "-recurse", "app").out())
                .isEqualTo("Success! Deleted keys with prefix: app\n");
        assertThat(agent.last("DELETE", "/v1/kv/app").query()).isEqualTo("recurse=");
        agent.on("DELETE /v1/kv/app", "false");
        CliRunner.Result cas = cli.run("kv", "delete", "-cas", "-modify-index=9", "app");
        assertThat(cas.code()).isEqualTo(1);
        assertThat(cas.err()).isEqualTo("Error! Did not delete key app: CAS failed\n");
        assertThat(cli.run("kv", "delete").err()).contains("Error! Missing KEY argument");
    }

    @Test
    void exportThenImportRoundTrips() {
        agent.on("GET /v1/kv/app", "[" + pair("app/a", "1", 7) + "]");
        CliRunner.Result exported = cli.run("kv", "export", "app");
        assertThat(exported.out()).isEqualTo("[\n\t{\n\t\t\"key\": \"app/a\",\n\t\t\"flags\": 0,\n\t\t\"value\": \""
                + b64("1") + "\"\n\t}\n]\n");
        agent.on("PUT /v1/kv/copy/app/a", "true");
        CliRunner.Result imported = cli.stdin(exported.out()).run("kv", "import", "-prefix=copy/", "-");
        assertThat(imported.out()).isEqualTo("Imported: copy/app/a\n");
        assertThat(agent.last("PUT", "/v1/kv/copy/app/a").body()).isEqualTo("1");
        assertThat(cli.run("kv", "import", "not json").err()).startsWith("Cannot unmarshal data");
    }

    @Test
    void keysWithSpacesAndQuestionMarksArePathEncoded() {
        agent.on("PUT /v1/kv/my app/what?", "true");
        assertThat(cli.run("kv", "put", "my app/what?", "v").code()).isZero();
        assertThat(agent.requests().get(0).line()).isEqualTo("PUT /v1/kv/my app/what?");
    }

    @Test
    void datacenterAndStaleReachTheQuery() {
        agent.on("GET /v1/kv/k", "[" + pair("k", "v", 1) + "]");
        cli.run("kv", "get", "-datacenter=dc2", "-stale", "k");
        assertThat(agent.last("GET", "/v1/kv/k").query()).isEqualTo("dc=dc2&stale=");
    }
}
