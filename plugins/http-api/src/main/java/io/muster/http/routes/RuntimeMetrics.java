package io.muster.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.server.Json;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /v1/agent/metrics}: the runtime gauges Consul reports ({@code consul.runtime.*}), measured on the JVM,
 * as go-metrics' JSON summary or Prometheus text.
 */
final class RuntimeMetrics {
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'");

    private RuntimeMetrics() {
    }

    static Map<String, Double> gauges() {
        Runtime rt = Runtime.getRuntime();
        Map<String, Double> gauges = new LinkedHashMap<>();
        gauges.put("consul.runtime.alloc_bytes", (double) (rt.totalMemory() - rt.freeMemory()));
        gauges.put("consul.runtime.sys_bytes", (double) rt.totalMemory());
        gauges.put("consul.runtime.num_goroutines", (double) ManagementFactory.getThreadMXBean().getThreadCount());
        long gcMillis = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        gauges.put("consul.runtime.total_gc_pause_ns", gcMillis * 1_000_000.0);
        return gauges;
    }

    static ObjectNode json() {
        ObjectNode out = Json.object();
        out.put("Timestamp", ZonedDateTime.now(ZoneOffset.UTC).withNano(0).format(GO_TIME));
        ArrayNode gauges = out.putArray("Gauges");
        gauges().forEach((name, value) -> {
            ObjectNode g = gauges.addObject();
            g.put("Name", name);
            g.put("Value", value);
            g.putObject("Labels");
        });
        out.putArray("Points");
        out.putArray("Counters");
        out.putArray("Samples");
        return out;
    }

    static byte[] prometheus() {
        StringBuilder out = new StringBuilder();
        gauges().forEach((name, value) -> {
            String metric = name.replace('.', '_');
            out.append("# HELP ").append(metric).append(' ').append(metric).append('\n');
            out.append("# TYPE ").append(metric).append(" gauge\n");
            out.append(metric).append(' ').append(value).append('\n');
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
