package io.muster.kernel.consensus;

import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.TxnOp;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceAddress;
import io.muster.spi.model.Session;
import io.muster.spi.model.Weights;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandCodecTest {
    private final CommandCodec codec = new CommandCodec();

    private Command roundTrip(Command c) throws IOException {
        return codec.decode(codec.encode(c));
    }

    @Test
    void kvCommandsKeepTheirBytes() throws IOException {
        Command.KvLock lock = (Command.KvLock) roundTrip(new Command.KvLock("k", new byte[]{0, 1, (byte) 0xff}, 42, "s"));
        assertThat(lock.value()).containsExactly(0, 1, 0xff);
        assertThat(lock.flags()).isEqualTo(42);
        assertThat(roundTrip(new Command.KvDeleteTree("p/"))).isEqualTo(new Command.KvDeleteTree("p/"));
        assertThat(roundTrip(new Command.KvDeleteCas("k", 9))).isEqualTo(new Command.KvDeleteCas("k", 9));
    }

    @Test
    void catalogAndSessionCommandsRoundTrip() throws IOException {
        Service svc = new Service("web1", "web", "", List.of("a"), "10.0.0.1",
                Map.of("lan", new ServiceAddress("10.0.0.1", 80)), Map.of("m", "v"), 80, new Weights(3, 1), true, 0, 0);
        HealthCheck check = new HealthCheck("n1", "c1", "c1", HealthStatus.WARNING, "", "out", "web1", "", List.of(),
                "http", Map.of("Interval", "10s"), 0, 0);
        Command reg = new Command.CatalogRegister(new CatalogRegistration("id", "n1", "10.0.0.1", "dc1",
                Map.of("wan", "1.2.3.4"), Map.of("rack", "a"), svc, List.of(check), false));
        assertThat(roundTrip(reg)).isEqualTo(reg);

        Session s = new Session("s1", "name", "n1", List.of("serfHealth"), List.of(), Duration.ofMillis(1500), "delete",
                Duration.ofSeconds(30), 0, 0);
        assertThat(roundTrip(new Command.SessionCreate(s))).isEqualTo(new Command.SessionCreate(s));
    }

    @Test
    void txnOperationsKeepTheirKinds() throws IOException {
        Node node = new Node("id", "n1", "10.0.0.1", "dc1", Map.of(), Map.of(), 0, 5);
        Command.Txn txn = (Command.Txn) roundTrip(new Command.Txn(List.of(
                new TxnOp.Kv("set", "k", new byte[]{7}, 1, 0, null),
                new TxnOp.NodeOp("cas", node),
                new TxnOp.ServiceOp("delete", "n1", new Service("s", "s", null, null, null, null, null, 0, null, false, 0, 0)),
                new TxnOp.CheckOp("get", new HealthCheck("n1", "c", "c", HealthStatus.PASSING, null, null, null, null,
                        null, null, null, 0, 0)))));
        assertThat(txn.ops()).hasSize(4);
        assertThat(txn.ops().get(0)).isInstanceOf(TxnOp.Kv.class);
        assertThat(((TxnOp.Kv) txn.ops().get(0)).value()).containsExactly(7);
        assertThat(txn.ops().get(1)).isEqualTo(new TxnOp.NodeOp("cas", node));
        assertThat(txn.ops().get(2)).isInstanceOf(TxnOp.ServiceOp.class);
        assertThat(txn.ops().get(3)).isInstanceOf(TxnOp.CheckOp.class);
    }

    @Test
    void garbageIsRefusedWithAnIOException() {
        assertThatThrownBy(() -> codec.decode(new byte[]{(byte) 0xa1, 0x61, 0x78, 0x01})).isInstanceOf(IOException.class);
    }
}
