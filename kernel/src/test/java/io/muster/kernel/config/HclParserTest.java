package io.muster.kernel.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HclParserTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("empty file", "", Map.of()),
                Arguments.of("only comments", "# a\n// b\n/* c\n d */", Map.of()),
                Arguments.of("string", "datacenter = \"east\"", Map.of("datacenter", "east")),
                Arguments.of("escapes", "a = \"q\\\"x\\\\y\\n\\u0041\"", Map.of("a", "q\"x\\y\nA")),
                Arguments.of("interpolation stays literal", "a = \"${node}\"", Map.of("a", "${node}")),
                Arguments.of("whole number", "retry_max = 3", Map.of("retry_max", 3L)),
                Arguments.of("negative number", "ports { https = -1 }", Map.of("ports", Map.of("https", -1L))),
                Arguments.of("decimal number", "rpc_rate = 12.5", Map.of("rpc_rate", 12.5)),
                Arguments.of("exponent", "x = 1e3", Map.of("x", 1000.0)),
                Arguments.of("hex number", "x = 0x1F", Map.of("x", 31L)),
                Arguments.of("booleans", "server = true\nui = false", Map.of("server", true, "ui", false)),
                Arguments.of("list with trailing comma", "retry_join = [\"a\", \"b\",]",
                        Map.of("retry_join", List.of("a", "b"))),
                Arguments.of("multi-line list", "r = [\n \"a\", # first\n \"b\"\n]", Map.of("r", List.of("a", "b"))),
                Arguments.of("empty list", "r = []", Map.of("r", List.of())),
                Arguments.of("nested block", "ports { http = 8500 dns = 8600 }",
                        Map.of("ports", Map.of("http", 8500L, "dns", 8600L))),
                Arguments.of("object assignment", "addresses = { http = \"0.0.0.0\" }",
                        Map.of("addresses", Map.of("http", "0.0.0.0"))),
                Arguments.of("empty block", "connect { sidecar_service {} }",
                        Map.of("connect", Map.of("sidecar_service", Map.of()))),
                Arguments.of("quoted keys", "service_ttl = { \"*\" = \"5s\" }",
                        Map.of("service_ttl", Map.of("*", "5s"))),
                Arguments.of("keys with dots and dashes", "telemetry { disable_compat_1.9 = true x-y = 1 }",
                        Map.of("telemetry", Map.of("disable_compat_1.9", true, "x-y", 1L))),
                Arguments.of("commas between items and after blocks", "cache = { a = 1, b = 2 },\nc = 3",
                        Map.of("cache", Map.of("a", 1L, "b", 2L), "c", 3L)),
                Arguments.of("single block stays an object", "service { name = \"web\" }",
                        Map.of("service", Map.of("name", "web"))),
                Arguments.of("repeated blocks become a list", "service { name = \"a\" }\nservice { name = \"b\" }",
                        Map.of("service", List.of(Map.of("name", "a"), Map.of("name", "b")))),
                Arguments.of("list of objects", "checks = [{ id = \"a\" }, { id = \"b\" }]",
                        Map.of("checks", List.of(Map.of("id", "a"), Map.of("id", "b")))),
                Arguments.of("labelled block", "service \"web\" { port = 80 }",
                        Map.of("service", Map.of("web", Map.of("port", 80L)))),
                Arguments.of("repeated scalar keeps the last", "log_level = \"INFO\"\nlog_level = \"DEBUG\"",
                        Map.of("log_level", "DEBUG")),
                Arguments.of("colon separator", "a: \"b\"", Map.of("a", "b")),
                Arguments.of("heredoc", "script = <<EOF\nline one\n  line two\nEOF\n",
                        Map.of("script", "line one\n  line two\n")),
                Arguments.of("indented heredoc", "script = <<-EOT\n    a\n      b\n    EOT\n",
                        Map.of("script", "a\n  b\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parses(String name, String hcl, Map<String, Object> expected) throws ConfigException {
        assertThat(HclParser.parse("t.hcl", hcl)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("bare word value", "log_level = debug", "t.hcl:1:13",
                        "unexpected word debug; strings must be quoted, e.g. \"debug\""),
                Arguments.of("unterminated string", "a = \"x\nb = 1", "t.hcl:1:", "unterminated string"),
                Arguments.of("missing brace", "ports {\n http = 1\n", "t.hcl:3:1", "expected '}'"),
                Arguments.of("stray closing brace", "}", "t.hcl:1:1", "unexpected '}'"),
                Arguments.of("missing equals", "a [1]", "t.hcl:1:3", "unexpected '[' after key \"a\"; expected '=' or '{'"),
                Arguments.of("label without block", "a \"b\" = 1", "t.hcl:1:7", "must be followed by '{'"),
                Arguments.of("list separator", "a = [\"x\" \"y\"]", "t.hcl:1:10", "expected ',' or ']'"),
                Arguments.of("duration without quotes", "retry_interval = 30s", "t.hcl:1:", "malformed number 30s"),
                Arguments.of("unclosed heredoc", "a = <<EOF\nx\n", "t.hcl:", "heredoc EOF is not closed"),
                Arguments.of("unclosed comment", "/* x", "t.hcl:1:1", "comment /* is not closed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejects(String name, String hcl, String where, String what) {
        assertThatThrownBy(() -> HclParser.parse("t.hcl", hcl))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(where)
                .hasMessageContaining("HCL syntax error")
                .hasMessageContaining(what);
    }

    @Test
    void parsesConsulStyleServerConfig() throws ConfigException {
        String hcl = """
                datacenter = "dc1"
                data_dir = "/opt/consul"
                server = true
                bootstrap_expect = 3
                ui_config {
                  enabled = true
                }
                ports {
                  grpc = 8502
                }
                retry_join = ["10.0.0.1", "10.0.0.2"]
                acl {
                  enabled = true
                  tokens {
                    agent = ""
                  }
                }
                """;
        Map<String, Object> tree = HclParser.parse("server.hcl", hcl);
        assertThat(tree).containsEntry("bootstrap_expect", 3L)
                .containsEntry("ui_config", Map.of("enabled", true))
                .containsEntry("retry_join", List.of("10.0.0.1", "10.0.0.2"))
                .containsEntry("acl", Map.of("enabled", true, "tokens", Map.of("agent", "")));
    }
}
