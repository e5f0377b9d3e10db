package io.muster.kernel.rpc;

import io.muster.spi.api.ApiException;
import io.muster.spi.consensus.Consensus;

import java.util.List;

/** A follower server's one target: the leader's RPC address as the consensus knows it. */
public final class LeaderTarget implements ForwardTargets {
    private final Consensus consensus;

    public LeaderTarget(Consensus consensus) {
        this.consensus = consensus;
    }

    @Override
    public List<String> candidates() {
        return consensus.leader().filter(a -> !a.isEmpty()).map(List::of).orElse(List.of());
    }

    @Override
    public void failed(String address) {
        // Only one leader: the next attempt asks the consensus again, which may know a new one by then.
    }

    @Override
    public ApiException none() {
        return ApiException.noLeader();
    }
}
