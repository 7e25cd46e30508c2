package io.rcsync.testkit.sim.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate-limit windows on their own, without HTTP or a clock (RcRateLimiter was inside the simulator). */
class RcRateLimiterTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  @Test
  void spendsTheWindowThenAnswers429WithRetryAfterRoundedUpToTheWindowEnd() {
    RcRateLimiter limiter = new RcRateLimiter(List.of(RateLimit.of(RateLimit.LIGHT, 2, Duration.ofSeconds(60))));

    RcRateLimiter.Admission first = limiter.admit(RateLimit.LIGHT, T0);
    RcRateLimiter.Admission second = limiter.admit(RateLimit.LIGHT, T0.plusSeconds(1));
    RcRateLimiter.Admission third = limiter.admit(RateLimit.LIGHT, T0.plusMillis(30_500));

    assertThat(first.rejection()).isNull();
    assertThat(first.headers()).containsEntry("X-Rate-Limit-Group", "Light").containsEntry("X-Rate-Limit-Limit", "2")
        .containsEntry("X-Rate-Limit-Window", "60").containsEntry("X-Rate-Limit-Remaining", "1");
    assertThat(second.headers()).containsEntry("X-Rate-Limit-Remaining", "0");
    assertThat(third.rejection()).isNotNull();
    assertThat(third.rejection().status).isEqualTo(429);
    assertThat(third.rejection().body).contains("CMN-301");
    // 29.5 s left in the window: Retry-After says 30, never less than the time left
    assertThat(third.rejection().headers).containsEntry("Retry-After", "30").containsEntry("X-Rate-Limit-Remaining", "0");
  }

  @Test
  void aNewWindowStartsWhenTheOldOneEnds() {
    RcRateLimiter limiter = new RcRateLimiter(List.of(RateLimit.of(RateLimit.AUTH, 1, Duration.ofSeconds(60))));
    assertThat(limiter.admit(RateLimit.AUTH, T0).rejection()).isNull();
    assertThat(limiter.admit(RateLimit.AUTH, T0.plusSeconds(59)).rejection()).isNotNull();
    assertThat(limiter.admit(RateLimit.AUTH, T0.plusSeconds(60)).rejection()).isNull();
  }

  @Test
  void groupsWithoutALimitAndUngroupedEndpointsPassWithoutHeaders() {
    RcRateLimiter limiter = new RcRateLimiter(List.of(RateLimit.of(RateLimit.LIGHT, 1, Duration.ofSeconds(60))));
    assertThat(limiter.admit(RateLimit.HEAVY, T0).headers()).isEmpty();
    assertThat(limiter.admit(null, T0).headers()).isEmpty();
    limiter.clear();
    assertThat(limiter.admit(RateLimit.LIGHT, T0).headers()).isEmpty();
  }

  @Test
  void settingALimitRestartsItsWindow() {
    RcRateLimiter limiter = new RcRateLimiter(List.of(RateLimit.of(RateLimit.MEDIUM, 1, Duration.ofSeconds(60))));
    limiter.admit(RateLimit.MEDIUM, T0);
    limiter.set(RateLimit.of(RateLimit.MEDIUM, 1, Duration.ofSeconds(60)));
    assertThat(limiter.admit(RateLimit.MEDIUM, T0.plusSeconds(1)).rejection()).isNull();
  }
}
