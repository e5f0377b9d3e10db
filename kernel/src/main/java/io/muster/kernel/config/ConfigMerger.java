package io.muster.kernel.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consul's merge rule (agent/config/merge.go): objects merge key by key, lists are concatenated (later
 * entries after earlier ones), any other value from a later source replaces the earlier one.
 */
final class ConfigMerger {
    private ConfigMerger() {
    }

    @SuppressWarnings("unchecked")
    static void mergeInto(Map<String, Object> target, Map<String, Object> later) {
        for (Map.Entry<String, Object> e : later.entrySet()) {
            Object old = target.get(e.getKey());
            Object v = e.getValue();
            if (old instanceof Map<?, ?> om && v instanceof Map<?, ?> vm) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) om);
                mergeInto(merged, (Map<String, Object>) vm);
                target.put(e.getKey(), merged);
            } else if (old instanceof List<?> ol && v instanceof List<?> vl) {
                List<Object> merged = new ArrayList<>(ol);
                merged.addAll(vl);
                target.put(e.getKey(), merged);
            } else {
                target.put(e.getKey(), copy(v));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            mergeInto(out, (Map<String, Object>) m);
            return out;
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return v;
    }
}
