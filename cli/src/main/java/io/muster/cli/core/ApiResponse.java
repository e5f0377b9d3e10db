package io.muster.cli.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One HTTP answer from the agent. */
public record ApiResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Object json() throws ApiException {
        try {
            return Json.parse(text());
        } catch (IllegalArgumentException e) {
            throw new ApiException(status, "Unreadable response from agent: " + e.getMessage());
        }
    }

    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return "";
    }

    /** X-Consul-Index, the index a blocking query waits past; 0 when absent. */
    public long index() {
        String value = header("X-Consul-Index");
        try {
            return value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
