package io.muster.kernel.rpc;

import io.muster.spi.api.QueryOptions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentNearTest {
    private final EndpointCodec codec = new EndpointCodec();

    private EndpointCodec.EndpointMethod method(String key) {
        return codec.methods().stream().filter(m -> m.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void agentNearBecomesTheClientsNodeName() {
        QueryOptions near = new QueryOptions("dc1", null, 5, null, "t", "_agent", Map.of("rack", "r1"), null);

        List<Object> nodes = AgentNear.resolve("client-1", method("catalog.nodes"), List.of(near));
        assertThat(((QueryOptions) nodes.get(0)).near()).isEqualTo("client-1");
        assertThat(nodes.get(0)).usingRecursiveComparison().ignoringFields("near").isEqualTo(near);

        List<Object> execute = AgentNear.resolve("client-1", method("query.execute"),
                Arrays.asList("redis", "_agent", 3, QueryOptions.DEFAULT));
        assertThat(execute).containsExactly("redis", "client-1", 3, QueryOptions.DEFAULT);
    }

    @Test
    void otherNearValuesAndArgumentsAreUntouched() {
        List<Object> args = Arrays.asList("redis", "node-9", 3, QueryOptions.DEFAULT);
        assertThat(AgentNear.resolve("client-1", method("query.execute"), args)).isSameAs(args);
        List<Object> key = Arrays.asList("_agent", QueryOptions.DEFAULT);
        assertThat(AgentNear.resolve("client-1", method("kv.get"), key)).isSameAs(key);
    }
}
