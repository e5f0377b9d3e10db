package io.muster.kernel.config;

import java.util.Map;

/**
 * One service or check definition as written in a config file (or a {@code -hcl} flag); {@code source} names
 * where it came from so the decoder's errors can point there.
 */
public record RawDefinition(String source, Map<String, Object> body) {
    public RawDefinition {
        body = ConfigTree.freeze(body);
    }
}
