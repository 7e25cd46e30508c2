package io.rcsync.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
  @Test
  void readsRingCentralTimesWithMillisecondsAndZ() {
    assertThat(IsoInstants.parse("2019-05-22T17:07:28.000Z")).contains(Instant.parse("2019-05-22T17:07:28Z"));
  }

  @Test
  void readsAnOffsetOtherThanZ() {
    assertThat(IsoInstants.parse("2019-05-22T19:07:28+02:00")).contains(Instant.parse("2019-05-22T17:07:28Z"));
  }

  @Test
  void refusesTextThatIsNoInstant() {
    assertThat(IsoInstants.parse("2019-05-22")).isEmpty();
    assertThat(IsoInstants.parse("yesterday")).isEmpty();
    assertThat(IsoInstants.parse(null)).isEmpty();
  }
}
