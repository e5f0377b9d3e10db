package io.muster.dns;

import io.muster.spi.AgentContext;
import io.muster.spi.ConfigView;
import io.muster.spi.LogStream;
import io.muster.spi.WebAssets;
import io.muster.spi.api.Endpoints;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** The AgentContext a frontend sees, over a map config and fake endpoints. */
record FakeAgentContext(ConfigView config, Endpoints endpoints) implements AgentContext {
    @Override
    public String nodeName() {
        return "agent-one";
    }

    @Override
    public String datacenter() {
        return "dc1";
    }

    @Override
    public Optional<Path> dataDir() {
        return Optional.empty();
    }

    @Override
    public List<WebAssets> webAssets() {
        return List.of();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        throw new UnsupportedOperationException("the dns frontend needs no scheduler");
    }

    @Override
    public LogStream logs() {
        return (level, lines) -> () -> { };
    }
}
