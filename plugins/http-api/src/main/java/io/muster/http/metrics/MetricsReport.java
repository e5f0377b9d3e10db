package io.muster.http.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.server.Json;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /v1/agent/metrics}: the recorded {@link Metrics} and the runtime gauges Consul reports
 * ({@code consul.runtime.*}, measured on the JVM), as go-metrics' JSON summary
 * ({@code {Timestamp, Gauges, Points, Counters, Samples}}) or as Prometheus text exposition (format 0.0.4).
 */
public final class MetricsReport {
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Metrics metrics;
    private final Supplier<Map<String, Double>> gauges;

    public MetricsReport(Metrics metrics, Supplier<Map<String, Double>> gauges) {
        this.metrics = metrics;
        this.gauges = gauges;
    }

    /** A report with the JVM's runtime gauges. */
    public static MetricsReport withRuntimeGauges(Metrics metrics) {
        return new MetricsReport(metrics, MetricsReport::runtimeGauges);
    }

    /** Consul's runtime gauges with their JVM counterparts (threads stand for goroutines). */
    public static Map<String, Double> runtimeGauges() {
        Runtime rt = Runtime.getRuntime();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("consul.runtime.alloc_bytes", (double) (rt.totalMemory() - rt.freeMemory()));
        out.put("consul.runtime.sys_bytes", (double) rt.totalMemory());
        out.put("consul.runtime.num_goroutines", (double) ManagementFactory.getThreadMXBean().getThreadCount());
        long gcMillis = 0;
        long gcRuns = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
            gcRuns += Math.max(0, gc.getCollectionCount());
        }
        out.put("consul.runtime.total_gc_pause_ns", gcMillis * 1_000_000.0);
        out.put("consul.runtime.total_gc_runs", (double) gcRuns);
        return out;
    }

    public ObjectNode json() {
        Metrics.Period period = metrics.displayedInterval();
        double seconds = Metrics.INTERVAL.toMillis() / 1000.0;
        ObjectNode out = Json.object();
        out.put("Timestamp", GO_TIME.format(period.start()));
        ArrayNode gaugeRows = out.putArray("Gauges");
        gauges.get().forEach((name, value) -> {
            ObjectNode g = gaugeRows.addObject();
            g.put("Name", name);
            g.put("Value", value);
            g.putObject("Labels");
        });
        out.putArray("Points");
        ArrayNode counters = out.putArray("Counters");
        period.counters().forEach(a -> aggregate(counters.addObject(), a, seconds));
        ArrayNode samples = out.putArray("Samples");
        period.samples().forEach(a -> aggregate(samples.addObject(), a, seconds));
        return out;
    }

    private static void aggregate(ObjectNode row, Metrics.Aggregate a, double seconds) {
        row.put("Name", a.key().name());
        row.put("Count", a.count());
        row.put("Rate", a.sum() / seconds);
        row.put("Sum", a.sum());
        row.put("Min", a.min());
        row.put("Max", a.max());
        row.put("Mean", a.mean());
        row.put("Stddev", a.stddev());
        ObjectNode labels = row.putObject("Labels");
        a.key().labels().forEach(labels::put);
    }

    /** Gauges as gauges, counters as counters, samples as summaries ({@code _sum} and {@code _count}). */
    public byte[] prometheus() {
        StringBuilder out = new StringBuilder();
        gauges.get().forEach((name, value) -> {
            String metric = metricName(name);
            header(out, metric, name, "gauge");
            out.append(metric).append(' ').append(number(value)).append('\n');
        });
        Metrics.Period total = metrics.cumulative();
        for (List<Metrics.Aggregate> family : families(total.counters())) {
            String name = family.get(0).key().name();
            String metric = metricName(name);
            header(out, metric, name, "counter");
            for (Metrics.Aggregate a : family) {
                out.append(metric).append(labels(a.key().labels())).append(' ').append(number(a.sum())).append('\n');
            }
        }
        for (List<Metrics.Aggregate> family : families(total.samples())) {
            String name = family.get(0).key().name();
            String metric = metricName(name);
            header(out, metric, name, "summary");
            for (Metrics.Aggregate a : family) {
                String labels = labels(a.key().labels());
                out.append(metric).append("_sum").append(labels).append(' ').append(number(a.sum())).append('\n');
                out.append(metric).append("_count").append(labels).append(' ').append(a.count()).append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Aggregates grouped by name (they arrive sorted by name), one Prometheus family each. */
    private static List<List<Metrics.Aggregate>> families(List<Metrics.Aggregate> sorted) {
        List<List<Metrics.Aggregate>> out = new ArrayList<>();
        for (Metrics.Aggregate a : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).get(0).key().name().equals(a.key().name())) {
                out.add(new ArrayList<>());
            }
            out.get(out.size() - 1).add(a);
        }
        return out;
    }

    private static void header(StringBuilder out, String metric, String help, String type) {
        out.append("# HELP ").append(metric).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(metric).append(' ').append(type).append('\n');
    }

    /** Prometheus names allow [a-zA-Z_:][a-zA-Z0-9_:]*; go-metrics' dots become underscores. */
    static String metricName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (i > 0 && c >= '0' && c <= '9');
            out.append(ok ? c : '_');
        }
        return out.toString();
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        labels.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(metricName(k)).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        });
        return out.append('}').toString();
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
