package io.rcsync.core.service.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SalesforceId;
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

  @Test
  void anSmsMagicRecordIdIsKeptApartFromARingCentralIdOfTheSameCharacters() {
    SeenIds seen = new SeenIds();
    SalesforceId record = SalesforceId.of("a1SUV000000abcd" + SalesforceId.checksum("a1SUV000000abcd"));
    MessageId history = MessageId.smsMagic(record);
    MessageId sameText = MessageId.of(record.value()); // a RingCentral id spelled like the record Id (test data)

    assertThat(seen.add(history)).isTrue();
    assertThat(seen.contains(sameText)).isFalse();
    assertThat(seen.add(sameText)).isTrue();
    assertThat(seen.add(history)).isFalse();
    assertThat(seen.add(MessageId.smsMagic(SalesforceId.of("a1SUV000000abcd")))).as("the 15-character form").isFalse();
    assertThat(seen.contains(history)).isTrue();
    assertThat(seen.size()).isEqualTo(2);
  }

  @Test
  void numericRingCentralIdsAndSmsMagicIdsCountTogether() {
    SeenIds seen = new SeenIds();
    seen.add(MessageId.of("123"));
    seen.add(MessageId.of("t-1"));
    seen.add(MessageId.smsMagic(SalesforceId.of("a1SUV000000abcdAAA")));
    seen.add(MessageId.smsMagic(SalesforceId.of("a1SUV000000abceAAA")));

    assertThat(seen.size()).isEqualTo(4);
    assertThat(seen.contains(MessageId.of("123"))).isTrue();
    assertThat(seen.contains(MessageId.smsMagic(SalesforceId.of("a1SUV000000abcfAAA")))).isFalse();
  }
}
