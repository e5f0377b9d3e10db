package io.muster.example.disk;

import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckResult;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskCheckTypeTest {
    private final DiskCheckType type = new DiskCheckType();

    private static CheckDefinition check(Map<String, Object> options) {
        return new CheckDefinition("disk", "disk", "", "", null, Duration.ofSeconds(30), null, null, null, 0, 0, 0, options);
    }

    @Test
    void thresholdsGiveCriticalWarningAndPassing() {
        Path p = Path.of("/data");
        assertThat(DiskCheckType.verdict(p, 5, 100, 10).status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(DiskCheckType.verdict(p, 12, 100, 10).status()).isEqualTo(HealthStatus.WARNING);
        assertThat(DiskCheckType.verdict(p, 15, 100, 10).status()).isEqualTo(HealthStatus.PASSING);
        assertThat(DiskCheckType.verdict(p, 50L << 20, 100L << 20, 10).output())
                .isEqualTo("/data: 50.0% free (50 of 100 MiB), minimum 10.0%");
    }

    @Test
    void probesARealFileStore(@TempDir Path dir) {
        CheckDefinition def = check(Map.of("disk_path", dir.toString(), "disk_min_free_percent", 0));
        CheckEnvironment env = (CheckEnvironment) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{CheckEnvironment.class}, (proxy, method, args) -> {
                    if (method.getName().equals("blockingExecutor")) {
                        return (Executor) Runnable::run;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        type.validate(def, env, false);
        CheckResult r = type.create(def, env).run().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(r.output()).startsWith(dir + ": ").contains("% free");
        assertThat(r.status()).isNotEqualTo(HealthStatus.CRITICAL);
        assertThat(DiskCheckType.probe(dir.resolve("missing"), 10).output()).startsWith("Cannot read free space of");
    }

    @Test
    void validationNamesTheOption() {
        assertThatThrownBy(() -> type.validate(check(Map.of("disk_path", "/", "disk_min_free_percent", "lots")), null, false))
                .hasMessageContaining("disk_min_free_percent must be a number");
        assertThatThrownBy(() -> type.validate(check(Map.of("disk_path", "/", "disk_min_free_percent", 150)), null, false))
                .hasMessageContaining("between 0 and 100");
        assertThat(type.accepts(check(Map.of("http", "x")))).isFalse();
    }
}
