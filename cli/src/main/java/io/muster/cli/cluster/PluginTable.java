package io.muster.cli.cluster;

import io.muster.cli.core.Columns;
import io.muster.cli.core.Json;
import java.util.List;
import java.util.Map;

/** The plugin rows of /v1/agent/self ("Plugins": [{ID, Version, State, Extensions}]) as aligned columns. */
final class PluginTable {
    private PluginTable() {
    }

    static String format(List<Object> plugins) {
        Columns table = new Columns();
        for (Object raw : plugins) {
            Map<String, Object> plugin = Json.object(raw);
            table.row(Json.string(plugin.get("ID")), Json.string(plugin.get("Version")),
                    Json.string(plugin.get("State")), String.join(", ", strings(plugin.get("Extensions"))));
        }
        StringBuilder sb = new StringBuilder();
        for (String line : table.format().split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
        return sb.toString();
    }

    private static List<String> strings(Object value) {
        List<String> out = new java.util.ArrayList<>();
        for (Object item : Json.array(value)) {
            out.add(Json.string(item));
        }
        return out;
    }
}
