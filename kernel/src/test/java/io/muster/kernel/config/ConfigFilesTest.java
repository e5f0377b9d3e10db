package io.muster.kernel.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFilesTest {
    private static final Path FORMATS = Path.of("src/test/resources/config/formats");

    @TempDir
    Path tmp;

    private LoadedConfig load(String... args) throws ConfigException {
        List<String> all = new ArrayList<>(List.of("-data-dir", tmp.resolve("data").toString()));
        all.addAll(List.of(args));
        return ConfigLoader.load(all, "host-1");
    }

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent.json", "agent.hcl", "agent.conf"})
    void everyFormatReadsTheSameAgent(String file) throws ConfigException {
        LoadedConfig loaded = load("-config-file", FORMATS.resolve(file).toString());
        AgentConfig c = loaded.config();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(c.datacenter()).isEqualTo("east");
        assertThat(c.nodeName()).isEqualTo("web-1");
        assertThat(c.server()).isTrue();
        assertThat(c.bootstrapExpect()).isEqualTo(3);
        assertThat(c.retryJoin()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(c.ports()).isEqualTo(new Ports(18600, 18500, -1, -1, 8301, 8302, 8300));
        assertThat(c.nodeMeta()).isEqualTo(Map.of("rack", "r1"));
        assertThat(c.pluginSelection()).isEqualTo(Map.of("consensus", "raft"));
        assertThat(loaded.tree().bool("dns_config.only_passing", false)).isTrue();
        assertThat(loaded.tree().duration("dns_config.service_ttl.*", null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.services()).singleElement().satisfies(s -> {
            assertThat(s.source()).endsWith(file);
            assertThat(s.body()).containsEntry("name", "web").containsEntry("port", 80L);
        });
        assertThat(c.checks()).singleElement().satisfies(s -> assertThat(s.body()).containsEntry("id", "disk"));
    }

    @Test
    void hoconIncludesWorkWithARelativePath() throws ConfigException {
        LoadedConfig loaded = load("-config-file", "src/test/resources/config/hocon/agent.conf");
        assertThat(loaded.config().nodeName()).isEqualTo("edge-node");
        assertThat(loaded.config().datacenter()).isEqualTo("east");
        assertThat(loaded.config().ports().http()).isEqualTo(28500);
        assertThat(loaded.warnings()).singleElement().asString()
                .endsWith("agent.conf: unknown configuration key \"cluster\" (ignored)");
    }

    @Test
    void directoryFilesLoadInLexicalOrderThenFilesThenFlags() throws Exception {
        write("d/b.hcl", "node_name = \"from-b\"\nlog_level = \"warn\"");
        write("d/a.json", "{\"node_name\": \"from-a\", \"datacenter\": \"from-a\", \"log_level\": \"err\"}");
        write("d/10-z.json", "{\"node_name\": \"from-10\", \"datacenter\": \"from-10\"}");
        Path file = write("c.json", "{\"node_name\": \"from-file\"}");
        String dir = tmp.resolve("d").toString();

        assertThat(load("-config-dir", dir).config().nodeName()).isEqualTo("from-b");
        assertThat(load("-config-dir", dir).config().datacenter()).as("a.json after 10-z.json").isEqualTo("from-a");
        assertThat(load("-config-dir", dir).config().logLevel()).isEqualTo("WARN");
        assertThat(load("-config-dir", dir, "-config-file", file.toString()).config().nodeName())
                .isEqualTo("from-file");
        assertThat(load("-config-dir", dir, "-config-file", file.toString(), "-node", "from-flag").config().nodeName())
                .isEqualTo("from-flag");
        assertThat(load("-node", "from-flag", "-config-file", file.toString()).config().nodeName())
                .as("flags win wherever they stand").isEqualTo("from-flag");
    }

    @Test
    void filesLoadInTheOrderOfTheirArgumentsAsInConsul() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        write("d/a.json", "{\"node_name\": \"from-dir\"}");
        Path file = write("c.json", "{\"node_name\": \"from-file\"}");
        assertThat(load("-config-file", file.toString(), "-config-dir", dir.toString()).config().nodeName())
                .isEqualTo("from-dir");
    }

    @Test
    void listsConcatenateFlagsFirstThenFiles() throws Exception {
        Path a = write("a.json", "{\"retry_join\": [\"a1\"], \"recursors\": [\"1.1.1.1\"]}");
        Path b = write("b.hcl", "retry_join = [\"b1\", \"b2\"]");
        AgentConfig c = load("-retry-join", "flag1", "-config-file", a.toString(), "-config-file", b.toString())
                .config();
        assertThat(c.retryJoin()).containsExactly("flag1", "a1", "b1", "b2");
        assertThat(c.recursors()).containsExactly("1.1.1.1");
    }

    @Test
    void objectsMergeKeyByKey() throws Exception {
        Path a = write("a.json", "{\"ports\": {\"http\": 1, \"dns\": 2}, \"node_meta\": {\"a\": \"1\"}}");
        Path b = write("b.json", "{\"ports\": {\"http\": 3}, \"node_meta\": {\"b\": \"2\"}}");
        AgentConfig c = load("-config-file", a.toString(), "-config-file", b.toString(), "-node-meta", "c:3")
                .config();
        assertThat(c.ports().http()).isEqualTo(3);
        assertThat(c.ports().dns()).isEqualTo(2);
        assertThat(c.ports().server()).isEqualTo(8300);
        assertThat(c.nodeMeta()).isEqualTo(Map.of("a", "1", "b", "2", "c", "3"));
    }

    @Test
    void servicesAndChecksAccumulateWithTheirSource() throws Exception {
        Path a = write("d/a.json", "{\"service\": {\"name\": \"a\"}, \"services\": [{\"name\": \"b\"}],"
                + " \"check\": [{\"id\": \"c1\"}, {\"id\": \"c2\"}]}");
        Path b = write("d/b.hcl", "service { name = \"c\" }\nservice { name = \"d\" }\ncheck { id = \"c3\" }");
        AgentConfig c = load("-config-dir", tmp.resolve("d").toString()).config();
        assertThat(c.services()).extracting(s -> s.body().get("name")).containsExactly("b", "a", "c", "d");
        assertThat(c.services()).extracting(RawDefinition::source)
                .containsExactly(a.toString(), a.toString(), b.toString(), b.toString());
        assertThat(c.checks()).extracting(s -> s.body().get("id")).containsExactly("c1", "c2", "c3");
    }

    @Test
    void theSameFileReachedTwiceLoadsOnce() throws Exception {
        Path f = write("d/web.json", "{\"service\": {\"name\": \"web\"}, \"retry_join\": [\"x\"]}");
        AgentConfig c = load("-config-dir", tmp.resolve("d").toString(), "-config-file", f.toString(),
                "-config-file", tmp.resolve("d/../d/web.json").toString()).config();
        assertThat(c.services()).hasSize(1);
        assertThat(c.retryJoin()).containsExactly("x");
    }

    @Test
    void configFormatOverridesTheExtension() throws Exception {
        Path f = write("agent.cfg", "node_name = \"hcl-node\"");
        assertThat(load("-config-format", "hcl", "-config-file", f.toString()).config().nodeName())
                .isEqualTo("hcl-node");
        LoadedConfig skipped = load("-config-file", f.toString());
        assertThat(skipped.config().nodeName()).isEqualTo("host-1");
        assertThat(skipped.warnings()).containsExactly("skipping file " + f
                + ": extension must be .json, .hcl or .conf, or the config format must be set with -config-format");
    }

    @Test
    void subdirectoriesAndOtherExtensionsInADirectoryAreSkipped() throws Exception {
        write("d/sub/x.json", "{\"node_name\": \"sub\"}");
        write("d/README.md", "notes");
        LoadedConfig loaded = load("-config-dir", tmp.resolve("d").toString());
        assertThat(loaded.config().nodeName()).isEqualTo("host-1");
        assertThat(loaded.warnings()).singleElement().asString().contains("README.md");
    }

    @Test
    void missingConfigFileOrDirIsAnError() {
        assertThatThrownBy(() -> load("-config-file", tmp.resolve("nope.json").toString()))
                .hasMessage("-config-file " + tmp.resolve("nope.json") + ": no such file or directory");
        assertThatThrownBy(() -> load("-config-dir", tmp.resolve("nodir").toString()))
                .hasMessage("-config-dir " + tmp.resolve("nodir") + ": no such file or directory");
    }

    @Test
    void jsonSyntaxErrorNamesFileAndLine() throws Exception {
        Path f = write("bad.json", "{\n  \"server\": true,\n  \"node_name\" \"x\"\n}");
        assertThatThrownBy(() -> load("-config-file", f.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ": invalid JSON at line 3, column");
    }

    @Test
    void jsonMustBeAnObject() throws Exception {
        Path f = write("list.json", "[1, 2]");
        assertThatThrownBy(() -> load("-config-file", f.toString()))
                .hasMessage(f + ": a JSON config file must hold one object ({...}), got a list");
    }

    @Test
    void hclSyntaxErrorNamesFileLineAndColumn() throws Exception {
        Path f = write("bad.hcl", "server = true\nlog_level = debug\n");
        assertThatThrownBy(() -> load("-config-file", f.toString()))
                .hasMessageStartingWith(f + ":2:13: HCL syntax error: unexpected word debug");
    }

    @Test
    void hoconSyntaxErrorNamesTheFile() throws Exception {
        Path f = write("bad.conf", "ports { http = 1 ");
        assertThatThrownBy(() -> load("-config-file", f.toString()))
                .hasMessageStartingWith(f + ": HOCON syntax error:");
    }

    @Test
    void repeatedHclSectionBlocksMerge() throws Exception {
        Path f = write("p.hcl", "ports { http = 1 }\nports { dns = 2 }");
        AgentConfig c = load("-config-file", f.toString()).config();
        assertThat(c.ports().http()).isEqualTo(1);
        assertThat(c.ports().dns()).isEqualTo(2);
    }

    @Test
    void deprecatedUiKeysMoveToUiConfigWithAWarning() throws Exception {
        Path f = write("ui.json", "{\"ui\": true, \"ui_dir\": \"/srv/ui\"}");
        LoadedConfig loaded = load("-config-file", f.toString());
        assertThat(loaded.config().uiEnabled()).isTrue();
        assertThat(loaded.config().uiDir()).isEqualTo(Path.of("/srv/ui"));
        assertThat(loaded.tree().get("ui_config.dir")).contains("/srv/ui");
        assertThat(loaded.warnings()).containsExactly(
                f + ": the 'ui' field is deprecated; use 'ui_config.enabled' instead",
                f + ": the 'ui_dir' field is deprecated; use 'ui_config.dir' instead");
    }

    @Test
    void watchesAreKeptAsObjects() throws Exception {
        Path f = write("w.json", "{\"watches\": [{\"type\": \"key\", \"key\": \"a\", \"args\": [\"/bin/h\"]}]}");
        assertThat(load("-config-file", f.toString()).config().watches()).singleElement()
                .satisfies(w -> assertThat(w).containsEntry("type", "key").containsEntry("args", List.of("/bin/h")));
    }
}
