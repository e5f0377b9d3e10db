package io.muster.kernel.consensus;

import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.ConsensusContext;
import io.muster.spi.consensus.StateMachine;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Consensus of one: used by {@code -dev} agents and single servers without a raft plugin. Commands are applied
 * strictly in submission order on one thread at increasing indexes; this node always leads.
 */
public final class LocalConsensus implements Consensus {
    private volatile StateMachine stateMachine;
    private volatile String rpcAddress = "";
    private volatile ExecutorService applier;
    /** Touched only on the applier thread. */
    private long nextIndex;

    @Override
    public String name() {
        return "local";
    }

    @Override
    public synchronized void start(ConsensusContext context) {
        if (applier != null) {
            throw new IllegalStateException("local consensus already started");
        }
        stateMachine = context.stateMachine();
        rpcAddress = context.rpcAddress();
        nextIndex = stateMachine.lastAppliedIndex() + 1;
        applier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "muster-local-consensus");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletionStage<Object> apply(byte[] command) {
        ExecutorService executor = applier;
        if (executor == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "local consensus is not started: start the agent before writing"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> stateMachine.apply(nextIndex++, command), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "local consensus is stopped: the agent is shutting down", e));
        }
    }

    @Override
    public boolean isLeader() {
        return applier != null;
    }

    @Override
    public Optional<String> leader() {
        return applier == null ? Optional.empty() : Optional.of(rpcAddress);
    }

    @Override
    public List<String> servers() {
        return List.of(rpcAddress);
    }

    @Override
    public CompletionStage<Void> readBarrier() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long lastContactMillis() {
        return 0;
    }

    @Override
    public synchronized void stop() {
        if (applier != null) {
            applier.shutdown();
            applier = null;
        }
    }
}
