package io.muster.spi.model;

import java.util.List;

/** A loaded plugin: id, version, state, and the extension points it provides. */
public record PluginInfo(String id, String version, String state, List<String> extensions) {
    public PluginInfo {
        extensions = List.copyOf(extensions);
    }
}
