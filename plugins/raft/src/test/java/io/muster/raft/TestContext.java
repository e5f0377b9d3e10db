package io.muster.raft;

import io.muster.spi.ConfigView;
import io.muster.spi.consensus.ConsensusContext;
import io.muster.spi.consensus.StateMachine;

import java.nio.file.Path;
import java.util.Optional;

record TestContext(StateMachine stateMachine, ConfigView config, String nodeName, String rpcAddress,
                   Optional<Path> dataDir) implements ConsensusContext {
    @Override
    public String nodeId() {
        return "id-" + nodeName;
    }
}
