package io.muster.kernel.rpc;

import io.muster.kernel.consensus.LocalConsensus;
import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.ConsensusContext;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A server's consensus as routing sees it: writes apply to this server's own single-node log (replication is the
 * raft plugin's business, not under test here), while leadership and the leader's address are set by the test.
 */
final class TestConsensus implements Consensus {
    private final LocalConsensus log = new LocalConsensus();
    volatile boolean leading;
    volatile Optional<String> leader;

    TestConsensus(boolean leading, Optional<String> leader) {
        this.leading = leading;
        this.leader = leader;
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public void start(ConsensusContext context) {
        log.start(context);
    }

    @Override
    public CompletionStage<Object> apply(byte[] command) {
        return log.apply(command);
    }

    @Override
    public boolean isLeader() {
        return leading;
    }

    @Override
    public Optional<String> leader() {
        return leader;
    }

    @Override
    public List<String> servers() {
        return leader.map(List::of).orElse(List.of());
    }

    @Override
    public CompletionStage<Void> readBarrier() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long lastContactMillis() {
        return leading ? 0 : 5;
    }

    @Override
    public void stop() {
        log.stop();
    }
}
