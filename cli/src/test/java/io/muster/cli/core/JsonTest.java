package io.muster.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsConsulShapes() {
        Object parsed = Json.parse("[{\"Name\":\"n1\",\"Port\":8301,\"Tags\":{\"role\":\"consul\"},\"Status\":1,"
                + "\"Ok\":true,\"Nothing\":null,\"Rtt\":0.25,\"Esc\":\"a\\\"b\\u0041\\n\"}]");
        Map<String, Object> member = Json.object(Json.array(parsed).get(0));
        assertThat(member.get("Name")).isEqualTo("n1");
        assertThat(member.get("Port")).isEqualTo(8301L);
        assertThat(Json.object(member.get("Tags"))).containsEntry("role", "consul");
        assertThat(member.get("Ok")).isEqualTo(true);
        assertThat(member).containsEntry("Nothing", null);
        assertThat(member.get("Rtt")).isEqualTo(0.25);
        assertThat(member.get("Esc")).isEqualTo("a\"bA\n");
    }

    @Test
    void rejectsMalformedInputWithOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\":}")).hasMessageContaining("offset 5");
        assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("trailing");
    }

    @Test
    void writesLikeGoMarshalIndent() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("key", "a<b>&");
        entry.put("flags", 0L);
        entry.put("list", List.of());
        assertThat(Json.writeIndented(List.of(entry), "\t"))
                .isEqualTo("[\n\t{\n\t\t\"key\": \"a\\u003cb\\u003e\\u0026\",\n\t\t\"flags\": 0,\n\t\t\"list\": []\n\t}\n]");
        assertThat(Json.write(Map.of("Key", "k"))).isEqualTo("{\"Key\":\"k\"}");
    }
}
