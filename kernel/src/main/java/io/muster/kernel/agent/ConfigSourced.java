package io.muster.kernel.agent;

import java.util.Map;

/**
 * A service or check definition from a config file: {@code source} names where it came from (file path, for
 * error messages), {@code body} is its JSON object as parsed (the content of {@code service}/{@code check}).
 */
public record ConfigSourced(String source, Map<String, Object> body) {
    public ConfigSourced {
        body = Map.copyOf(body);
    }
}
