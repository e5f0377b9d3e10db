package io.muster.kernel.agent;

import io.muster.kernel.config.GoDuration;

import io.muster.spi.api.ApiException;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.ServiceAddress;
import io.muster.spi.model.ServiceDefinition;
import io.muster.spi.model.Weights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionDecoderTest {
    @Test
    void pascalAndSnakeCaseDecodeToTheSameService() {
        Map<String, Object> pascal = Map.of("ID", "web1", "Name", "web", "Tags", List.of("v1"), "Port", 8080,
                "Address", "10.0.0.5", "Meta", Map.of("version", "1"), "EnableTagOverride", true,
                "Weights", Map.of("Passing", 10, "Warning", 1),
                "TaggedAddresses", Map.of("lan", Map.of("Address", "10.0.0.5", "Port", 8080)),
                "Check", Map.of("HTTP", "http://localhost:8080/health", "Interval", "10s", "TLSSkipVerify", true,
                        "DeregisterCriticalServiceAfter", "90m", "Header", Map.of("X-A", List.of("1")), "Method", "HEAD"));
        Map<String, Object> snake = Map.of("id", "web1", "name", "web", "tags", List.of("v1"), "port", 8080,
                "address", "10.0.0.5", "meta", Map.of("version", "1"), "enable_tag_override", true,
                "weights", Map.of("passing", 10, "warning", 1),
                "tagged_addresses", Map.of("lan", Map.of("address", "10.0.0.5", "port", 8080)),
                "checks", List.of(Map.of("http", "http://localhost:8080/health", "interval", "10s", "tls_skip_verify", true,
                        "deregister_critical_service_after", "90m", "header", Map.of("X-A", List.of("1")), "method", "HEAD")));
        ServiceDefinition a = DefinitionDecoder.decodeService(pascal);
        ServiceDefinition b = DefinitionDecoder.decodeService(snake);
        assertThat(a).isEqualTo(b);
        assertThat(a.weights()).isEqualTo(new Weights(10, 1));
        assertThat(a.taggedAddresses()).containsEntry("lan", new ServiceAddress("10.0.0.5", 8080));
        CheckDefinition check = a.checks().get(0);
        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(check.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(90));
        assertThat(check.options()).containsEntry("tls_skip_verify", true).containsEntry("http", "http://localhost:8080/health")
                .containsEntry("method", "HEAD").containsEntry("header", Map.of("X-A", List.of("1")));
    }

    @ParameterizedTest
    @CsvSource({"Args,args", "ScriptArgs,args", "args,args", "AliasService,alias_service", "alias_node,alias_node",
            "DockerContainerID,docker_container_id", "TCP,tcp", "GRPCUseTLS,grpc_use_tls", "DiskPath,disk_path",
            "disk_min_free_percent,disk_min_free_percent", "TLSServerName,tls_server_name"})
    void optionKeysAndAliases(String key, String option) {
        Object value = option.equals("args") ? List.of("/bin/true") : option.equals("grpc_use_tls") ? Boolean.TRUE : "x";
        CheckDefinition c = DefinitionDecoder.decodeCheck(Map.of("Name", "c", key, value));
        assertThat(c.options()).containsOnlyKeys(option);
    }

    @Test
    void commonCheckFieldsAndTheirAliases() {
        CheckDefinition c = DefinitionDecoder.decodeCheck(Map.of("CheckID", "mem", "Name", "Memory", "ServiceID", "web",
                "Notes", "n", "Status", "passing", "TTL", "30s", "SuccessBeforePassing", 2, "failures_before_warning", 1,
                "FailuresBeforeCritical", 3, "Timeout", 1_000_000_000L));
        assertThat(c).isEqualTo(new CheckDefinition("mem", "Memory", "web", "n", HealthStatus.PASSING, null,
                Duration.ofSeconds(1), Duration.ofSeconds(30), null, 2, 1, 3, Map.of()));
        assertThat(DefinitionDecoder.decodeCheck(Map.of("check_id", "x", "service_id", "s")).serviceId()).isEqualTo("s");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Port|true|Request decode failed: Port: expected a whole number, got true",
            "Tags|web|Request decode failed: Tags: expected a list of strings, got \"web\"",
            "EnableTagOverride|yes|Request decode failed: EnableTagOverride: expected true or false, got \"yes\""})
    void serviceTypeErrorsNameTheKey(String key, String raw, String message) {
        Object value = raw.equals("true") ? Boolean.TRUE : raw;
        assertThatThrownBy(() -> DefinitionDecoder.decodeService(Map.of("Name", "web", key, value)))
                .isInstanceOf(ApiException.class).hasMessage(message)
                .satisfies(e -> assertThat(((ApiException) e).kind()).isEqualTo(ApiException.Kind.BAD_REQUEST));
    }

    @Test
    void checkTypeErrorsNameTheKeyAndPosition() {
        assertThatThrownBy(() -> DefinitionDecoder.decodeService(Map.of("Name", "web",
                "Checks", List.of(Map.of("TTL", "5s"), Map.of("Interval", "soon")))))
                .hasMessage("Request decode failed: Checks[1].Interval: expected a duration such as \"10s\", \"1m30s\" or \"250ms\", got \"soon\"");
        assertThatThrownBy(() -> DefinitionDecoder.decodeCheck(Map.of("Args", "/bin/true")))
                .hasMessage("Request decode failed: Args: expected a list of strings, got \"/bin/true\"");
        assertThatThrownBy(() -> DefinitionDecoder.decodeCheck(Map.of("Status", "ok")))
                .hasMessage("Status for checks must 'passing', 'warning', 'critical'");
    }

    @Test
    void encoderRoundTrips() {
        ServiceDefinition s = DefinitionDecoder.decodeService(Map.of("Name", "web", "Port", 80, "Check",
                Map.of("Args", List.of("/bin/check", "-v"), "Interval", "1m30s", "Timeout", "250ms", "DiskMinFreePercent", 5)));
        assertThat(DefinitionDecoder.decodeService(DefinitionEncoder.service(s))).isEqualTo(s);
    }

    @ParameterizedTest
    @CsvSource({"10s,PT10S", "1m30s,PT1M30S", "250ms,PT0.25S", "1.5h,PT1H30M", "0,PT0S", "90m,PT1H30M", "2us,PT0.000002S"})
    void goDurations(String go, String iso) {
        assertThat(GoDuration.parse(go)).isEqualTo(Duration.parse(iso));
    }

    @Test
    void goDurationFormat() {
        assertThat(GoDuration.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoDuration.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoDuration.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThatThrownBy(() -> GoDuration.parse("10")).isInstanceOf(IllegalArgumentException.class);
    }
}
