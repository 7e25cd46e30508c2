package io.rcsync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void doublesTheBackoffUpToItsCap() {
    RetryPolicy p = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(5));

    assertThat(p.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.backoff(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.backoff(4)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.backoff(40)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aZeroBackoffStaysZero() {
    assertThat(new RetryPolicy(3, Duration.ZERO, Duration.ZERO).backoff(3)).isEqualTo(Duration.ZERO);
  }

  @Test
  void refusesImpossibleLimits() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(-2), Duration.ofSeconds(1)))
        .hasMessageContaining("must not be negative");
  }

  @Test
  void theCapAppliesToTheFirstWaitToo() {
    assertThat(new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(4)).backoff(1)).isEqualTo(Duration.ofSeconds(4));
  }
}
