package io.muster.http;

import io.muster.http.server.GoDuration;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class GoDurationTest {
    @Test
    void parsesGoDurations() {
        assertThat(GoDuration.parse("10s")).hasValue(Duration.ofSeconds(10));
        assertThat(GoDuration.parse("1m30s")).hasValue(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5h")).hasValue(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("250ms")).hasValue(Duration.ofMillis(250));
        assertThat(GoDuration.parse("0")).hasValue(Duration.ZERO);
        assertThat(GoDuration.parse("-2s")).hasValue(Duration.ofSeconds(-2));
        assertThat(GoDuration.parse("10")).isEmpty();
        assertThat(GoDuration.parse("s")).isEmpty();
        assertThat(GoDuration.parse("5x")).isEmpty();
        assertThat(GoDuration.parse("")).isEmpty();
    }

    @Test
    void formatsLikeGo() {
        assertThat(GoDuration.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(GoDuration.format(Duration.ofSeconds(60))).isEqualTo("1m0s");
        assertThat(GoDuration.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoDuration.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
    }
}
