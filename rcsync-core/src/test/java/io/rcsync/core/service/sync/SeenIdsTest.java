package io.rcsync.core.service.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.MessageId;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeenIdsTest {
  @Test
  void agreesWithAHashSetOnManyNumericAndOtherIds() {
    SeenIds seen = new SeenIds();
    Set<String> reference = new HashSet<>();
    Random r = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      String v = switch (i % 5) {
        case 0 -> "t" + r.nextInt(1000);
        case 1 -> "0" + r.nextInt(1000);
        case 2 -> "1234567890123456789" + r.nextInt(10); // 20 digits: kept as text
        default -> String.valueOf(1 + (long) (r.nextDouble() * 99_999_999_999L));
      };
      assertThat(seen.add(MessageId.of(v))).isEqualTo(reference.add(v));
    }
    assertThat(seen.size()).isEqualTo(reference.size());
    for (int i = 0; i < 50_000; i++) {
      String v = String.valueOf(1 + (long) (r.nextDouble() * 99_999_999_999L));
      assertThat(seen.contains(MessageId.of(v))).isEqualTo(reference.contains(v));
    }
    reference.forEach(v -> assertThat(seen.contains(MessageId.of(v))).isTrue());
  }

  @Test
  void aLeadingZeroOrANonDigitIdIsNeverTheSameAsItsNumber() {
    SeenIds seen = new SeenIds();
    seen.add(MessageId.of("42"));

    assertThat(seen.contains(MessageId.of("042"))).isFalse();
    assertThat(seen.add(MessageId.of("042"))).isTrue();
    assertThat(seen.contains(MessageId.of("42a"))).isFalse();
    assertThat(seen.add(MessageId.of("42"))).isFalse();
    assertThat(SeenIds.numeric("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
    assertThat(SeenIds.numeric("1000000000000000000")).isZero();
  }
}
