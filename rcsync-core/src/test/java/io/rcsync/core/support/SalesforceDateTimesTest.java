package io.rcsync.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SalesforceDateTimesTest {
  @Test
  void writesUtcWithMillisecondsAndACompactOffset() {
    assertThat(SalesforceDateTimes.format(Instant.parse("2026-04-02T08:00:00.123456Z"))).isEqualTo("2026-04-02T08:00:00.123+0000");
  }

  @Test
  void readsEveryOffsetFormSalesforceWrites() {
    assertThat(SalesforceDateTimes.parse("2026-04-02T08:00:00.000+0000")).contains(Instant.parse("2026-04-02T08:00:00Z"));
    assertThat(SalesforceDateTimes.parse("2026-04-02T08:00:00.000-0500")).contains(Instant.parse("2026-04-02T13:00:00Z"));
    assertThat(SalesforceDateTimes.parse("2026-04-02T08:00:00Z")).contains(Instant.parse("2026-04-02T08:00:00Z"));
    assertThat(SalesforceDateTimes.parse("2026-04-02T08:00:00.5+00:00")).contains(Instant.parse("2026-04-02T08:00:00.500Z"));
  }

  @Test
  void roundTrips() {
    Instant t = Instant.parse("2025-12-31T23:59:59.999Z");
    assertThat(SalesforceDateTimes.parse(SalesforceDateTimes.format(t))).contains(t);
  }

  @Test
  void anythingElseIsEmpty() {
    assertThat(SalesforceDateTimes.parse("yesterday")).isEmpty();
    assertThat(SalesforceDateTimes.parse("")).isEmpty();
    assertThat(SalesforceDateTimes.parse(null)).isEmpty();
  }
}
