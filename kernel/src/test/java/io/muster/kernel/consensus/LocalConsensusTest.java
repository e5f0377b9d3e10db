package io.muster.kernel.consensus;

import io.muster.spi.ConfigView;
import io.muster.spi.consensus.ConsensusContext;
import io.muster.spi.consensus.StateMachine;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalConsensusTest {

    /** Records what it is asked to apply; answers the index. */
    private static final class RecordingMachine implements StateMachine {
        final List<Long> indexes = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        private final long startAt;

        RecordingMachine(long startAt) {
            this.startAt = startAt;
        }

        @Override
        public Object apply(long index, byte[] command) {
            indexes.add(index);
            threads.add(Thread.currentThread().getName());
            return index;
        }

        @Override
        public void snapshot(OutputStream out) {
        }

        @Override
        public void restore(InputStream in) {
        }

        @Override
        public long lastAppliedIndex() {
            return startAt;
        }
    }

    private static ConsensusContext context(StateMachine sm) {
        return new ConsensusContext() {
            @Override
            public StateMachine stateMachine() {
                return sm;
            }

            @Override
            public ConfigView config() {
                throw new UnsupportedOperationException("not read by LocalConsensus");
            }

            @Override
            public String nodeName() {
                return "n1";
            }

            @Override
            public String nodeId() {
                return "id";
            }

            @Override
            public String rpcAddress() {
                return "10.0.0.1:8300";
            }

            @Override
            public Optional<Path> dataDir() {
                return Optional.empty();
            }
        };
    }

    @Test
    void appliesInOrderOnOneThreadAtIncreasingIndexesAfterTheLastApplied() throws Exception {
        RecordingMachine sm = new RecordingMachine(41);
        LocalConsensus consensus = new LocalConsensus();
        consensus.start(context(sm));
        try {
            List<CompletableFuture<Object>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(consensus.apply(new byte[]{(byte) i}).toCompletableFuture());
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(42L + i);
            }
            assertThat(sm.indexes).isSorted().hasSize(200).startsWith(42L);
            assertThat(sm.threads).containsOnly("muster-local-consensus");
            assertThat(consensus.isLeader()).isTrue();
            assertThat(consensus.leader()).contains("10.0.0.1:8300");
            assertThat(consensus.servers()).containsExactly("10.0.0.1:8300");
            assertThat(consensus.readBarrier().toCompletableFuture()).isCompleted();
        } finally {
            consensus.stop();
        }
        assertThat(consensus.isLeader()).isFalse();
    }

    @Test
    void refusesWritesBeforeStartAndAfterStop() {
        LocalConsensus consensus = new LocalConsensus();
        assertThatThrownBy(() -> consensus.apply(new byte[0]).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("not started");
        consensus.start(context(new RecordingMachine(0)));
        consensus.stop();
        assertThatThrownBy(() -> consensus.apply(new byte[0]).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
    }
}
