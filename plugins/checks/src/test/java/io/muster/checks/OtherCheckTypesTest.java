package io.muster.checks;

import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtherCheckTypesTest {
    private final TestEnvironment env = new TestEnvironment();

    @AfterEach
    void close() {
        env.close();
    }

    private static HealthCheck check(String id, String service, HealthStatus status, String output) {
        return new HealthCheck("n1", id, id + " name", status, "", output, service, service, List.of(), "", Map.of(), 1, 1);
    }

    @Test
    void aliasTakesTheWorstOfTheServiceAndItsNode() {
        List<HealthCheck> checks = List.of(check("serfHealth", "", HealthStatus.PASSING, "ok"),
                check("web-check", "web", HealthStatus.WARNING, "slow"),
                check("db-check", "db", HealthStatus.CRITICAL, "down"));
        AliasCheckType.Verdict web = AliasCheckType.verdict(checks, "web");
        assertThat(web.serviceFound()).isTrue();
        assertThat(web.result().status()).isEqualTo(HealthStatus.WARNING);
        assertThat(web.result().output()).isEqualTo("Aliased check \"web-check name\" failing: slow");
        assertThat(AliasCheckType.verdict(checks, "").result().output()).isEqualTo("All checks passing.");
        assertThat(AliasCheckType.verdict(List.of(check("serfHealth", "", HealthStatus.CRITICAL, "gone")), "web").result().status())
                .isEqualTo(HealthStatus.CRITICAL);
        assertThat(AliasCheckType.verdict(List.of(), "api").serviceFound()).isFalse();
    }

    @Test
    void ttlAndAliasValidateLikeConsul() {
        TtlCheckType ttl = new TtlCheckType();
        CheckDefinition both = new CheckDefinition("t", "t", "", "", null, Duration.ofSeconds(1), null, Duration.ofSeconds(5),
                null, 0, 0, 0, Map.of());
        assertThat(ttl.accepts(both)).isTrue();
        assertThat(ttl.schedule()).isEqualTo(CheckType.Schedule.TTL);
        assertThatThrownBy(() -> ttl.validate(both, env, false)).hasMessage("Interval and TTL cannot both be specified");
        CheckDefinition alias = new CheckDefinition("a", "a", "", "", null, null, null, Duration.ofSeconds(5),
                null, 0, 0, 0, Map.of("alias_service", "web"));
        assertThatThrownBy(() -> new AliasCheckType().validate(alias, env, false)).hasMessage("TTL must be not be set for Alias checks");
    }

    @Test
    void dockerAndGrpcAreRefusedClearly() {
        CheckDefinition docker = TestEnvironment.check("d", Duration.ofSeconds(5), null, Map.of("docker_container_id", "abc"));
        CheckDefinition grpc = TestEnvironment.check("g", Duration.ofSeconds(5), null, Map.of("grpc", "127.0.0.1:9000"));
        assertThat(new DockerCheckType().accepts(docker)).isTrue();
        assertThatThrownBy(() -> new DockerCheckType().validate(docker, env, true))
                .hasMessage("check \"d\": docker checks are not supported by this agent; use an http, tcp or script (args) check instead");
        assertThatThrownBy(() -> new GrpcCheckType().validate(grpc, env, true)).hasMessageContaining("grpc checks are not supported");
    }
}
