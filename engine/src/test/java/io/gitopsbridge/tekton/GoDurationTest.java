package io.gitopsbridge.tekton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as Go's time.ParseDuration reads them. */
class GoDurationTest {
    @Test
    void readsEveryUnitGoReads() {
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("500ms")).as("ms is not m then s").isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("1m30s500ms")).isEqualTo(Duration.ofMillis(90_500));
        assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(GoDuration.parse("0")).isZero();
        assertThatThrownBy(() -> GoDuration.parse("33mm")).hasMessageContaining("'33mm' is not a duration");
        assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessageContaining("'1d' is not a duration");
    }
}
