package io.muster.kernel.consensus;

import io.muster.kernel.store.MemoryStateStore;
import io.muster.spi.api.TxnOp;
import io.muster.spi.api.TxnResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KernelStateMachineTest {
    private final CommandCodec codec = new CommandCodec();
    private final MemoryStateStore store = new MemoryStateStore();
    private final KernelStateMachine sm = new KernelStateMachine(store, codec);

    private Object apply(long index, Command c) {
        return sm.apply(index, codec.encode(c));
    }

    @Test
    void appliesCommandsAtTheGivenIndex() {
        assertThat(apply(5, new Command.KvSet("k", new byte[]{1}, 0))).isEqualTo(true);
        assertThat(apply(6, new Command.KvCas("k", new byte[]{2}, 0, 4))).isEqualTo(false);
        assertThat(apply(7, new Command.KvCas("k", new byte[]{2}, 0, 5))).isEqualTo(true);
        assertThat(store.kvGet("k").value().orElseThrow().modifyIndex()).isEqualTo(7);
        assertThat(sm.lastAppliedIndex()).isEqualTo(7);
    }

    @Test
    void refusalsAreResultsNotExceptions() {
        assertThat(apply(2, new Command.KvLock("k", new byte[0], 0, "ghost")))
                .isEqualTo(new CommandError("invalid session \"ghost\""));
        assertThat(sm.apply(3, new byte[]{1, 2, 3})).isInstanceOf(CommandError.class);
        assertThat(sm.lastAppliedIndex()).isEqualTo(3);
    }

    @Test
    void failedTxnReturnsErrorsAndLeavesNoTrace() {
        Object r = apply(2, new Command.Txn(List.of(new TxnOp.Kv("set", "a", new byte[]{1}, 0, 0, null),
                new TxnOp.Kv("get", "missing", null, 0, 0, null))));
        assertThat(r).isInstanceOf(TxnResponse.class);
        assertThat(((TxnResponse) r).errors()).extracting(TxnResponse.TxnError::opIndex).containsExactly(1);
        assertThat(store.kvGet("a").value()).isEmpty();
    }

    @Test
    void snapshotAndRestoreThroughTheStateMachine() throws Exception {
        apply(4, new Command.KvSet("k", new byte[]{9}, 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sm.snapshot(out);
        MemoryStateStore other = new MemoryStateStore();
        KernelStateMachine otherSm = new KernelStateMachine(other, codec);
        otherSm.restore(new ByteArrayInputStream(out.toByteArray()));
        assertThat(otherSm.lastAppliedIndex()).isEqualTo(4);
        assertThat(other.kvGet("k").value().orElseThrow().flags()).isEqualTo(3);
    }

    @Test
    void afterARestoreAheadOfTheLogLaterCommandsApplyAboveTheRestoredIndex() throws Exception {
        MemoryStateStore source = new MemoryStateStore();
        KernelStateMachine sourceSm = new KernelStateMachine(source, codec);
        sourceSm.apply(1000, codec.encode(new Command.KvSet("old", new byte[]{1}, 0)));
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        sourceSm.snapshot(saved);

        apply(4, new Command.KvSet("k", new byte[]{1}, 0));
        assertThat(apply(5, new Command.SnapshotRestore(saved.toByteArray()))).isEqualTo(true);
        assertThat(sm.lastAppliedIndex()).isEqualTo(1000);

        // the log is at 6, the state at 1000: the write must land (not be taken for a replay) above 1000
        assertThat(apply(6, new Command.KvSet("new", new byte[]{2}, 0))).isEqualTo(true);
        assertThat(store.kvGet("new").value().orElseThrow().modifyIndex()).isEqualTo(1001);
        assertThat(apply(7, new Command.KvCas("new", new byte[]{3}, 0, 1001))).isEqualTo(true);
        assertThat(store.kvGet("new").value().orElseThrow().modifyIndex()).isEqualTo(1002);
        // once the log passes the state's index, log positions are data indexes again
        apply(2000, new Command.KvSet("later", new byte[]{4}, 0));
        assertThat(store.kvGet("later").value().orElseThrow().modifyIndex()).isEqualTo(2000);
    }
}
