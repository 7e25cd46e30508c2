package io.rcsync.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void formatsDurationsInTheirLargestTwoUnits() {
    assertThat(Durations.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Durations.human(Duration.ofSeconds(125))).isEqualTo("2m 05s");
    assertThat(Durations.human(Duration.ofMinutes(2))).isEqualTo("2m 00s");
    assertThat(Durations.human(Duration.ofMinutes(63))).isEqualTo("1h 03m");
    assertThat(Durations.human(Duration.ofHours(76))).isEqualTo("3d 4h");
  }

  @Test
  void showsSubSecondAndShortDurationsPrecisely() {
    assertThat(Durations.human(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.human(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.human(Duration.ofMillis(12_500))).isEqualTo("12s");
  }

  @Test
  void readsANegativeDurationAsZero() {
    assertThat(Durations.human(Duration.ofSeconds(-5))).isEqualTo("0ms");
  }
}
