package io.muster.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.http.metrics.Metrics;
import io.muster.http.metrics.MetricsReport;
import io.muster.http.metrics.RequestTelemetry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {
    /** A clock the test moves. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2024-05-01T10:00:03Z");

        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    private final StepClock clock = new StepClock();
    private final Metrics metrics = new Metrics(clock);
    private final Map<String, Double> gauges = new LinkedHashMap<>(Map.of("consul.runtime.num_goroutines", 12.0));
    private final MetricsReport report = new MetricsReport(metrics, () -> gauges);

    /** One line of the Prometheus text format 0.0.4: a comment or a sample with optional labels. */
    static final Pattern PROMETHEUS_LINE = Pattern.compile(
            "# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*"
                    + "|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\""
                    + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\")*})? -?[0-9.eE+-]+|NaN|[+-]Inf");

    @Test
    void theJsonShowsTheCurrentIntervalUntilOneFinishesThenTheLastFinishedOne() {
        metrics.sample("consul.kvs.apply", Map.of()).record(2);
        metrics.sample("consul.kvs.apply", Map.of()).record(4);
        metrics.counter("consul.client.api.catalog_nodes", Map.of("node", "n1")).increment();

        JsonNode json = report.json();
        assertThat(json.get("Timestamp").asText()).isEqualTo("2024-05-01 10:00:00 +0000 UTC");
        JsonNode sample = json.get("Samples").get(0);
        assertThat(sample.get("Name").asText()).isEqualTo("consul.kvs.apply");
        assertThat(sample.get("Count").asLong()).isEqualTo(2);
        assertThat(sample.get("Sum").asDouble()).isEqualTo(6);
        assertThat(sample.get("Min").asDouble()).isEqualTo(2);
        assertThat(sample.get("Max").asDouble()).isEqualTo(4);
        assertThat(sample.get("Mean").asDouble()).isEqualTo(3);
        assertThat(sample.get("Stddev").asDouble()).isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(sample.get("Rate").asDouble()).isEqualTo(0.6);
        JsonNode counter = json.get("Counters").get(0);
        assertThat(counter.get("Labels").get("node").asText()).isEqualTo("n1");
        assertThat(json.get("Gauges").get(0).get("Value").asDouble()).isEqualTo(12);

        clock.now = clock.now.plus(Duration.ofSeconds(10));
        metrics.sample("consul.kvs.apply", Map.of()).record(100);
        json = report.json();
        assertThat(json.get("Timestamp").asText()).as("the finished interval").isEqualTo("2024-05-01 10:00:00 +0000 UTC");
        assertThat(json.get("Samples").get(0).get("Count").asLong()).isEqualTo(2);

        clock.now = clock.now.plus(Duration.ofSeconds(10));
        json = report.json();
        assertThat(json.get("Timestamp").asText()).isEqualTo("2024-05-01 10:00:10 +0000 UTC");
        assertThat(json.get("Samples").get(0).get("Max").asDouble()).isEqualTo(100);
    }

    @Test
    void prometheusIsCumulativeTypedAndParses() {
        RequestTelemetry telemetry = new RequestTelemetry(metrics, "node-1");
        telemetry.answered("GET", "/v1/kv/", 200, 2_000_000);
        telemetry.answered("PUT", "/v1/kv/", 200, 1_000_000);
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        telemetry.answered("GET", "/v1/kv/", 404, 4_000_000);
        telemetry.answered("PUT", "/v1/catalog/register", 500, 1_000_000);
        gauges.put("consul.runtime.alloc_bytes", 1.5e9);

        String text = new String(report.prometheus(), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            assertThat(line).matches(PROMETHEUS_LINE);
        }
        assertThat(text).contains("# TYPE consul_runtime_alloc_bytes gauge\nconsul_runtime_alloc_bytes 1500000000\n")
                .contains("# TYPE consul_api_http summary\n")
                .contains("consul_api_http_count{method=\"GET\",path=\"v1_kv_\"} 2\n")
                .contains("consul_api_http_sum{method=\"GET\",path=\"v1_kv_\"} 6\n")
                .contains("# TYPE consul_kvs_apply summary\n")
                .contains("consul_kvs_apply_count 1\n")
                .contains("# TYPE consul_client_api_catalog_register counter\n")
                .contains("consul_client_api_catalog_register{node=\"node-1\"} 1\n")
                .as("a failed registration is no success")
                .contains("consul_client_api_success_catalog_register{node=\"node-1\"} 0\n");
        assertThat(text.split("# TYPE consul_api_http ", -1)).as("one family per name").hasSize(2);
    }

    @Test
    void labelValuesAreEscaped() {
        metrics.counter("consul.odd-name", Map.of("path", "a\"b\\c")).increment();
        String text = new String(report.prometheus(), StandardCharsets.UTF_8);
        assertThat(text).contains("consul_odd_name{path=\"a\\\"b\\\\c\"} 1\n");
        for (String line : text.split("\n")) {
            assertThat(line).matches(PROMETHEUS_LINE);
        }
    }
}
