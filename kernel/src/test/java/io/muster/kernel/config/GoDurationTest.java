package io.muster.kernel.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({"10s,10000", "1m30s,90000", "250ms,250", "1h,3600000", "72h,259200000", "1.5h,5400000",
            "0,0", "0s,0", "-2s,-2000", "1h2m3s4ms,3723004", ".5s,500"})
    void parsesGoDurations(String text, long millis) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"100ns,100", "3us,3000", "3µs,3000"})
    void parsesSubMillisecondUnits(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10x", "10", "s", "", "1m30", "ten seconds", "1.s2"})
    void rejectsOtherForms(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a duration such as \"10s\"");
    }

    @org.junit.jupiter.api.Test
    void numbersInConfigFilesAreNanoseconds() {
        assertThat(GoDuration.fromConfigValue(5_000_000_000L)).isEqualTo(Duration.ofSeconds(5));
        assertThat(GoDuration.fromConfigValue("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> GoDuration.fromConfigValue(true)).hasMessageContaining("got the boolean true");
    }
}
