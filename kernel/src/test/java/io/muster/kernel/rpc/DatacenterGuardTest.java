package io.muster.kernel.rpc;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.KvWrite;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.WriteOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class DatacenterGuardTest {
    private final EndpointCodec codec = new EndpointCodec();
    private final List<List<Object>> reached = new ArrayList<>();
    private final CallTarget guarded = DatacenterGuard.onlyIn("dc1", (method, args) -> {
        reached.add(args);
        return CompletableFuture.completedFuture("ok");
    });

    private EndpointCodec.EndpointMethod method(String key) {
        return codec.methods().stream().filter(m -> m.key().equals(key)).findFirst().orElseThrow();
    }

    private static QueryOptions in(String dc) {
        return new QueryOptions(dc, null, 0, null, null, null, Map.of(), null);
    }

    @Test
    void anotherDatacenterFailsAsConsulWithoutAWanRouteAndNothingIsCalled() {
        var read = guarded.invoke(method("kv.get"), List.of("k", in("dc2"))).toCompletableFuture();
        var write = guarded.invoke(method("kv.put"), List.of(new KvWrite("k", new byte[0], 0, null, null, null),
                new WriteOptions("dc2", null))).toCompletableFuture();

        for (var call : List.of(read, write)) {
            assertThat(call).isCompletedExceptionally();
            assertThat(call.handle((v, e) -> e).join()).isInstanceOf(ApiException.class)
                    .hasMessage("No path to datacenter")
                    .satisfies(e -> assertThat(((ApiException) e).kind()).isEqualTo(ApiException.Kind.INTERNAL));
        }
        assertThat(reached).isEmpty();
    }

    @Test
    void ownDatacenterAnyCaseOrNoneGoesThrough() {
        assertThat(guarded.invoke(method("kv.get"), List.of("k", in("DC1"))).toCompletableFuture().join()).isEqualTo("ok");
        assertThat(guarded.invoke(method("kv.get"), List.of("k", in(null))).toCompletableFuture().join()).isEqualTo("ok");
        assertThat(guarded.invoke(method("kv.get"), List.of("k", in(""))).toCompletableFuture().join()).isEqualTo("ok");
        assertThat(reached).hasSize(3);
    }
}
