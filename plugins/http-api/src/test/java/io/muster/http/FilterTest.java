package io.muster.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.http.filter.Filter;
import io.muster.http.filter.FilterSyntaxException;
import io.muster.http.server.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterTest {
    private static final JsonNode ROW = Json.read(("{\"Node\":{\"Node\":\"node1\",\"Meta\":{\"rack\":\"r1\"}},"
            + "\"Service\":{\"Service\":\"web\",\"Tags\":[\"v1\",\"primary\"],\"Port\":8080,\"Meta\":{\"env\":\"prod\","
            + "\"team-name\":\"core\"},\"EnableTagOverride\":false,\"Address\":\"\"},"
            + "\"Checks\":[{\"CheckID\":\"serfHealth\",\"Status\":\"passing\"},{\"CheckID\":\"svc\",\"Status\":\"warning\"}]}")
            .getBytes(StandardCharsets.UTF_8));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "Service.Service == web|true",
        "Service.Service == \"web\"|true",
        "Service.Service == `web`|true",
        "Service.Service != web|false",
        "Service.Port == 8080|true",
        "Service.Port == 8081|false",
        "Service.EnableTagOverride == false|true",
        "Service.Meta.env == prod|true",
        "Service.Meta[\"team-name\"] == core|true",
        "Service.Meta.missing == x|false",
        "Service.Meta.missing != x|true",
        "v1 in Service.Tags|true",
        "\"v3\" in Service.Tags|false",
        "\"v3\" not in Service.Tags|true",
        "env in Service.Meta|true",
        "Service.Tags contains primary|true",
        "Service.Tags not contains primary|false",
        "Service.Service contains we|true",
        "Service.Address is empty|true",
        "Service.Tags is empty|false",
        "Service.Tags is not empty|true",
        "Service.Meta.missing is empty|true",
        "Service.Service matches \"^w.b$\"|true",
        "Service.Service not matches \"^db\"|true",
        "Checks.Status contains warning|true",
        "Checks.CheckID contains nope|false",
        "Service.Meta.env == prod and Node.Meta.rack == r2|false",
        "Service.Meta.env == prod or Node.Meta.rack == r2|true",
        "not Service.Meta.env == prod|false",
        "not (Service.Port == 1 or Service.Port == 2) and v1 in Service.Tags|true",
        "(Service.Port == 1 or Service.Port == 8080) and (Node.Node == node1)|true",
    })
    void operators(String expression, boolean expected) {
        assertThat(Filter.compile(expression).matches(ROW)).isEqualTo(expected);
    }

    @Test
    void errorsNamePositionLikeGoBexpr() {
        assertThatThrownBy(() -> Filter.compile("Service.Port ="))
                .isInstanceOf(FilterSyntaxException.class).hasMessageStartingWith("1:14 (13): no match found");
        assertThatThrownBy(() -> Filter.compile("Service.Port == 1 and"))
                .hasMessageStartingWith("1:22 (21): no match found, expected:");
        assertThatThrownBy(() -> Filter.compile("(Service.Port == 1"))
                .hasMessage("1:19 (18): no match found, expected: \")\", \"and\" or \"or\"");
        assertThatThrownBy(() -> Filter.compile("Service.Port foo 1"))
                .hasMessageStartingWith("1:14 (13): no match found, expected: \"!=\", \".\", \"==\"");
        assertThatThrownBy(() -> Filter.compile("Service.Service matches \"(\""))
                .hasMessageStartingWith("1:25 (24): invalid regular expression");
        assertThatThrownBy(() -> Filter.compile("Service.Service == \"open"))
                .hasMessageStartingWith("1:20 (19): no match found");
    }

    @Test
    void appliesToArraysAndToObjectValues() {
        JsonNode list = Json.read("[{\"A\":1},{\"A\":2}]".getBytes(StandardCharsets.UTF_8));
        assertThat(Filter.compile("A == 2").apply(list).toString()).isEqualTo("[{\"A\":2}]");
        JsonNode map = Json.read("{\"x\":{\"A\":1},\"y\":{\"A\":2}}".getBytes(StandardCharsets.UTF_8));
        assertThat(Filter.compile("A != 2").apply(map).toString()).isEqualTo("{\"x\":{\"A\":1}}");
    }
}
