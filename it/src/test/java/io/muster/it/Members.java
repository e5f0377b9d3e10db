package io.muster.it;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The cluster members a test started ({@link AgentProcess#member}), stopped after each test, last started first.
 * Register with {@code @RegisterExtension final Members members = new Members();}.
 */
final class Members implements AfterEachCallback {
    private final Deque<AgentProcess> started = new ArrayDeque<>();

    /** Starts a member with a data dir under {@code work}; does not wait for it. */
    AgentProcess launch(Path work, String node, String address, List<String> extra) throws IOException {
        AgentProcess agent = AgentProcess.member(work, node, address, extra);
        started.push(agent);
        return agent;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }
}
