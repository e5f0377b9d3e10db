package io.muster.kernel.endpoint;

import io.muster.spi.model.Node;
import io.muster.spi.model.Service;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Filters Consul applies to catalog and health reads. */
final class ReadFilters {
    private ReadFilters() {
    }

    /** Every requested tag must be on the instance (repeated {@code ?tag=}); Consul compares case-insensitively. */
    static boolean hasAllTags(Service service, List<String> tags) {
        if (tags == null || tags.isEmpty()) {
            return true;
        }
        for (String wanted : tags) {
            boolean found = service.tags().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT)
                    .equals(wanted.toLowerCase(Locale.ROOT)));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Every {@code ?node-meta=k:v} pair must be on the node. */
    static boolean nodeMetaMatches(Node node, Map<String, String> wanted) {
        if (wanted.isEmpty()) {
            return true;
        }
        if (node == null) {
            return false;
        }
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(node.meta().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
