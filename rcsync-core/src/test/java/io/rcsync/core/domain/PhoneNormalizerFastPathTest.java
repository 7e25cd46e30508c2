package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Plain ASCII values skip NFKC and the extension search (issue 13's JMH benchmark) with the same results. */
class PhoneNormalizerFastPathTest {

  @Test
  void plainAsciiValueIsItsOwnCanonicalForm() {
    String raw = "+1 (502) 813-8900";
    assertThat(PhoneNormalizer.canonical(raw)).isSameAs(raw);
  }

  @Test
  void tabStillBecomesASpaceInAnAsciiValue() {
    assertThat(PhoneNormalizer.canonical("502\t813\t8900")).isEqualTo("502 813 8900");
    assertThat(PhoneNormalizer.normalize("502\t813\t8900").asNumber()).contains(PhoneNumber.of("5028138900"));
  }

  @Test
  void extensionsInEitherCaseAreStillDropped() {
    for (String raw : new String[] {"502-813-8900 X12", "502-813-8900 Ext. 12", "502-813-8900;ext=12",
        "502-813-8900#2", "502-813-8900 EXT 12"}) {
      assertThat(PhoneNormalizer.normalize(raw).asNumber()).as(raw).contains(PhoneNumber.of("5028138900"));
    }
  }

  @Test
  void letterWithoutExtensionMarkerIsStillMalformed() {
    assertThat(PhoneNormalizer.normalize("502-813-89OO")).isInstanceOf(NormalizedPhone.Rejected.class);
  }
}
