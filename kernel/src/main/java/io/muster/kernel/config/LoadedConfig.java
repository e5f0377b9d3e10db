package io.muster.kernel.config;

import java.util.List;

/**
 * The outcome of {@link ConfigLoader#load}: the typed agent configuration, the merged tree every plugin reads
 * through {@link io.muster.spi.ConfigView}, warnings an operator should fix (unknown keys, obsolete flags, node
 * names DNS cannot serve) and the arguments the agent was started with.
 */
public record LoadedConfig(AgentConfig config, ConfigTree tree, List<String> warnings, List<String> args) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
        args = List.copyOf(args);
    }
}
