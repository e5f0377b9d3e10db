package io.muster.rpc;

import io.muster.spi.transport.TransportException;
import io.muster.spi.transport.TransportHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RpcTransportTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private final List<RpcTransport> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(RpcTransport::stop);
    }

    private RpcTransport transport(int maxFrameBytes) {
        RpcTransport t = new RpcTransport(maxFrameBytes);
        started.add(t);
        return t;
    }

    private String serve(RpcTransport server, TransportHandler handler) throws Exception {
        server.start("127.0.0.1", 0, handler);
        return "127.0.0.1:" + server.boundPort();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(CompletionStage<byte[]> answer) throws Exception {
        return new String(answer.toCompletableFuture().get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private static TransportException failure(CompletionStage<byte[]> answer) {
        try {
            answer.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TransportException.class);
            return (TransportException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the call neither answered nor failed in time", e);
        }
        throw new AssertionError("the call succeeded");
    }

    private static final TransportHandler ECHO = (endpoint, request) ->
            CompletableFuture.completedFuture(bytes(endpoint + ":" + new String(request, StandardCharsets.UTF_8)));

    @Test
    void aCallReachesTheHandlerAndItsAnswerComesBack() throws Exception {
        String address = serve(transport(1 << 20), ECHO);
        RpcTransport client = transport(1 << 20);

        assertThat(text(client.call(address, "kv.get", bytes("a/b"), DEADLINE))).isEqualTo("kv.get:a/b");
        assertThat(text(client.call(address, "kv.get", new byte[0], DEADLINE))).isEqualTo("kv.get:");
    }

    @Test
    void twoThousandConcurrentCallsShareOneConnectionAndAreAnsweredInReverseOrder() throws Exception {
        // handlers run on several worker threads: keep each request with its own answer
        record Parked(byte[] request, CompletableFuture<byte[]> answer) {
        }
        List<Parked> parked = new CopyOnWriteArrayList<>();
        CountDownLatch allArrived = new CountDownLatch(2000);
        String address = serve(transport(1 << 20), (endpoint, request) -> {
            CompletableFuture<byte[]> answer = new CompletableFuture<>();
            parked.add(new Parked(request, answer));
            allArrived.countDown();
            return answer;
        });
        RpcTransport client = transport(1 << 20);
        List<CompletionStage<byte[]>> calls = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            calls.add(client.call(address, "health.service", bytes("q" + i), DEADLINE));
        }
        assertThat(allArrived.await(10, TimeUnit.SECONDS)).isTrue();

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            order.add(i);
        }
        Collections.reverse(order);
        for (int i : order) {
            parked.get(i).answer().complete(parked.get(i).request());
        }
        for (int i = 0; i < 2000; i++) {
            assertThat(text(calls.get(i))).isEqualTo("q" + i);
        }
    }

    @Test
    void aSlowAnswerDoesNotHoldBackQuickOnes() throws Exception {
        CompletableFuture<byte[]> slow = new CompletableFuture<>();
        String address = serve(transport(1 << 20), (endpoint, request) ->
                endpoint.equals("slow") ? slow : CompletableFuture.completedFuture(bytes("quick")));
        RpcTransport client = transport(1 << 20);

        CompletionStage<byte[]> parked = client.call(address, "slow", new byte[0], DEADLINE);
        for (int i = 0; i < 50; i++) {
            assertThat(text(client.call(address, "fast", new byte[0], DEADLINE))).isEqualTo("quick");
        }
        assertThat(parked.toCompletableFuture()).isNotDone();
        slow.complete(bytes("finally"));
        assertThat(text(parked)).isEqualTo("finally");
    }

    @Test
    void aDeadlineFailsTheCallAsSentAndTheLateAnswerIsDropped() throws Exception {
        CompletableFuture<byte[]> never = new CompletableFuture<>();
        CountDownLatch arrived = new CountDownLatch(1);
        String address = serve(transport(1 << 20), (endpoint, request) -> {
            if (endpoint.equals("park")) {
                arrived.countDown();
                return never;
            }
            return ECHO.handle(endpoint, request);
        });
        RpcTransport client = transport(1 << 20);

        TransportException timeout = failure(client.call(address, "park", new byte[0], Duration.ofMillis(300)));
        assertThat(timeout.requestSent()).isTrue();
        assertThat(timeout.getMessage()).contains("park", address, "300 ms");
        assertThat(arrived.getCount()).isZero();

        never.complete(bytes("too late"));
        assertThat(text(client.call(address, "after", bytes("x"), DEADLINE))).isEqualTo("after:x");
    }

    @Test
    void aClosedPortFailsWithRequestNotSentSoTheCallerMayTryAnotherServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        TransportException refused = failure(transport(1 << 20).call("127.0.0.1:" + port, "kv.put", new byte[0], DEADLINE));

        assertThat(refused.requestSent()).isFalse();
        assertThat(refused.getMessage()).contains("cannot connect to Muster server at 127.0.0.1:" + port,
                "is it running");
    }

    @Test
    void aServerGoingAwayMidCallFailsItAsSent() throws Exception {
        RpcTransport server = transport(1 << 20);
        CountDownLatch arrived = new CountDownLatch(1);
        String address = serve(server, (endpoint, request) -> {
            arrived.countDown();
            return new CompletableFuture<>();
        });
        CompletionStage<byte[]> call = transport(1 << 20).call(address, "kv.put", bytes("v"), DEADLINE);
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        server.stop();

        TransportException lost = failure(call);
        assertThat(lost.requestSent()).isTrue();
        assertThat(lost.getMessage()).contains("lost during kv.put");
    }

    @Test
    void aRequestOverTheCallersOwnLimitIsRefusedBeforeSending() throws Exception {
        String address = serve(transport(1 << 20), ECHO);
        RpcTransport client = transport(1024);

        TransportException tooBig = failure(client.call(address, "kv.put", new byte[4096], DEADLINE));
        assertThat(tooBig.requestSent()).isFalse();
        assertThat(tooBig.getMessage()).contains("4096 bytes", "muster.rpc.max_frame_bytes");
        assertThat(text(client.call(address, "kv.get", bytes("small"), DEADLINE))).isEqualTo("kv.get:small");
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnection() throws Exception {
        String address = serve(transport(1024), ECHO);
        RpcTransport client = transport(1 << 20);

        TransportException tooBig = failure(client.call(address, "kv.put", new byte[4096], DEADLINE));
        assertThat(tooBig.requestSent()).isTrue();

        assertThat(text(client.call(address, "kv.get", bytes("small"), DEADLINE))).isEqualTo("kv.get:small");
    }

    @Test
    void strangersOnThePortAreClosedAndTheServerKeepsServing() throws Exception {
        String address = serve(transport(1 << 20), ECHO);
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        for (String garbage : List.of("GET /v1/status/leader HTTP/1.1\r\nHost: x\r\n\r\n", "\u0000\u0001\u0002\u0003\u0004\u0005")) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(garbage.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = s.getInputStream();
                assertThat(in.read()).as("the server closes the connection").isEqualTo(-1);
            }
        }
        // the magic followed by a frame length far beyond the limit
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(new byte[]{'M', 'S', 'T', 'R', 1, 0x7f, 0, 0, 0});
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }

        assertThat(text(transport(1 << 20).call(address, "status.leader", new byte[0], DEADLINE)))
                .isEqualTo("status.leader:");
    }

    @Test
    void aHandlerFailureReachesTheCallerWithItsMessage() throws Exception {
        String address = serve(transport(1 << 20), (endpoint, request) -> {
            if (endpoint.equals("throws")) {
                throw new IllegalStateException("thrown here");
            }
            return CompletableFuture.failedFuture(new IllegalArgumentException("store refused it"));
        });
        RpcTransport client = transport(1 << 20);

        TransportException failed = failure(client.call(address, "kv.put", new byte[0], DEADLINE));
        assertThat(failed.getMessage()).contains(address, "kv.put", "store refused it");
        assertThat(failed.requestSent()).isTrue();
        assertThat(failure(client.call(address, "throws", new byte[0], DEADLINE)).getMessage()).contains("thrown here");
    }

    @Test
    void stoppingTheCallerFailsWhatIsStillInFlight() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        String address = serve(transport(1 << 20), (endpoint, request) -> {
            arrived.countDown();
            return new CompletableFuture<>();
        });
        RpcTransport client = transport(1 << 20);
        CompletionStage<byte[]> call = client.call(address, "kv.get", new byte[0], DEADLINE);
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        client.stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> call.toCompletableFuture().isDone());
        assertThat(failure(call).requestSent()).isTrue();
        assertThat(failure(client.call(address, "kv.get", new byte[0], DEADLINE)).requestSent()).isFalse();
    }

    @Test
    void addressesAreCheckedBeforeAnythingIsSent() {
        TransportException bad = failure(transport(1 << 20).call("no-port", "kv.get", new byte[0], DEADLINE));
        assertThat(bad.requestSent()).isFalse();
        assertThat(bad.getMessage()).contains("ip:port");
    }
}
