package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneFindAllTest {
  @Test
  void findsANumberFollowedByALabel() {
    assertThat(PhoneNormalizer.findAll("502-813-8900 (cell)")).containsExactly(PhoneNumber.of("5028138900"));
  }

  @Test
  void findsEveryNumberInAFieldHoldingTwo() {
    assertThat(PhoneNormalizer.findAll("502-813-8900 / 502.555.0101"))
        .containsExactly(PhoneNumber.of("5028138900"), PhoneNumber.of("5025550101"));
  }

  @Test
  void aWellFormedValueYieldsJustThatNumber() {
    assertThat(PhoneNormalizer.findAll("+1 (502) 813-8900")).containsExactly(PhoneNumber.of("5028138900"));
  }

  @Test
  void findsNothingInTextWithoutANumber() {
    assertThat(PhoneNormalizer.findAll("n/a")).isEmpty();
    assertThat(PhoneNormalizer.findAll("  ")).isEmpty();
    assertThat(PhoneNormalizer.findAll(null)).isEmpty();
  }

  @Test
  void aLongerDigitRunIsNotMistakenForANumber() {
    assertThat(PhoneNormalizer.findAll("15028138900123")).isEmpty();
  }
}
