package io.muster.kernel.rpc;

import io.muster.kernel.rpc.EndpointCodec.EndpointMethod;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.OperatorApi;
import io.muster.spi.api.TxnApi;
import io.muster.spi.api.TxnOp;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointCodecTest {
    private final EndpointCodec codec = new EndpointCodec();

    /** Every method of every forwarded interface, but the keyring, has a key; a new SPI method gets one too. */
    @Test
    void everyDataMethodIsForwardedAndKeyringStaysLocal() {
        List<String> expected = new ArrayList<>();
        for (Map.Entry<Class<?>, String> group : EndpointCodec.GROUPS.entrySet()) {
            for (Method m : group.getKey().getDeclaredMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                boolean keyring = group.getKey() == OperatorApi.class && m.getName().startsWith("keyring");
                if (keyring) {
                    assertThat(codec.method(m)).as("local: " + m).isEmpty();
                } else {
                    assertThat(codec.method(m)).as("forwarded: " + m).isPresent();
                    expected.add(group.getValue() + "." + m.getName());
                }
            }
        }
        assertThat(codec.methods()).extracting(EndpointMethod::key).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).contains("kv.get", "catalog.register", "operator.raftConfiguration", "query.execute");
    }

    /** Arguments and answers of every forwarded method survive the trip, with their declared generic types. */
    @Test
    void everyMethodRoundTripsItsArgumentsAndAnswer() {
        assertThat(codec.methods()).hasSizeGreaterThan(40);
        for (EndpointMethod m : codec.methods()) {
            List<Object> args = m.parameters().stream().map(Samples::of).toList();
            for (boolean forwarded : new boolean[]{false, true}) {
                EndpointCodec.Call call = codec.decodeRequest(m.key(), codec.encodeRequest(m, args, forwarded));
                assertThat(call.method()).isEqualTo(m);
                assertThat(call.forwarded()).isEqualTo(forwarded);
                assertThat(call.args()).as(m.key() + " arguments").usingRecursiveComparison().isEqualTo(args);
            }
            Object answer = Samples.of(m.answer());
            Object decoded = codec.decodeReply(m, codec.encodeAnswer(m, answer));
            if (answer == null) {
                assertThat(decoded).as(m.key()).isNull();
            } else {
                assertThat(decoded).as(m.key() + " answer").isInstanceOf(m.answer().getRawClass())
                        .usingRecursiveComparison().isEqualTo(answer);
            }
        }
    }

    @Test
    void emptyOptionalAndTypedTransactionResultsRoundTrip() throws Exception {
        EndpointMethod get = codec.method(KvApi.class.getMethod("get", String.class,
                io.muster.spi.api.QueryOptions.class)).orElseThrow();
        Object empty = new io.muster.spi.api.QueryResult<>(java.util.Optional.empty(), 5, true, 0,
                io.muster.spi.api.Consistency.DEFAULT);
        assertThat(codec.decodeReply(get, codec.encodeAnswer(get, empty))).isEqualTo(empty);

        EndpointMethod txn = codec.method(TxnApi.class.getMethod("execute", List.class,
                io.muster.spi.api.QueryOptions.class)).orElseThrow();
        io.muster.spi.api.TxnResponse response = (io.muster.spi.api.TxnResponse) Samples.of(io.muster.spi.api.TxnResponse.class);
        io.muster.spi.api.TxnResponse back = (io.muster.spi.api.TxnResponse) codec.decodeReply(txn, codec.encodeAnswer(txn, response));
        assertThat(back.results()).extracting(Object::getClass).containsExactly(
                io.muster.spi.model.KvEntry.class, io.muster.spi.model.Node.class, io.muster.spi.model.Service.class,
                io.muster.spi.model.HealthCheck.class);
    }

    @Test
    void failuresKeepTheirKindAndMessage() throws Exception {
        EndpointMethod put = codec.method(KvApi.class.getMethod("put", io.muster.spi.api.KvWrite.class,
                io.muster.spi.api.WriteOptions.class)).orElseThrow();
        for (ApiException.Kind kind : ApiException.Kind.values()) {
            byte[] reply = codec.encodeFailure(new CompletionException(new ApiException(kind, "text of " + kind)));
            assertThatThrownBy(() -> codec.decodeReply(put, reply)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.kind()).isEqualTo(kind);
                assertThat(e.getMessage()).isEqualTo("text of " + kind);
            });
        }
        byte[] other = codec.encodeFailure(new IllegalStateException("store is closed"));
        assertThatThrownBy(() -> codec.decodeReply(put, other)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(ApiException.Kind.INTERNAL);
            assertThat(e.getMessage()).isEqualTo("store is closed");
        });
    }

    @Test
    void unknownEndpointIsABadRequestNamingIt() {
        assertThatThrownBy(() -> codec.decodeRequest("kv.teleport", new byte[0]))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ApiException.Kind.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("kv.teleport");
                });
    }

    @Test
    void transactionsAreWritesUnlessEveryOperationReads() throws Exception {
        EndpointMethod txn = codec.method(TxnApi.class.getMethod("execute", List.class,
                io.muster.spi.api.QueryOptions.class)).orElseThrow();
        List<TxnOp> reads = List.of(new TxnOp.Kv("get", "a", null, 0, 0, null),
                new TxnOp.Kv("check-not-exists", "b", null, 0, 0, null), new TxnOp.NodeOp("get", null));
        assertThat(EndpointCodec.isWrite(txn, Arrays.asList(reads, null))).isFalse();
        List<TxnOp> mixed = List.of(new TxnOp.Kv("get", "a", null, 0, 0, null),
                new TxnOp.Kv("set", "b", new byte[0], 0, 0, null));
        assertThat(EndpointCodec.isWrite(txn, Arrays.asList(mixed, null))).isTrue();
    }
}
