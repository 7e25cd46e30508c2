package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "2026-11-29 502-813-8900 | 5028138900",
      "Ref 12345 502-813-8900  | 5028138900",
      "Apt 4 / 502-813-8900    | 5028138900",
      "813-8900 / 502-555-0101 | 5025550101",
      "Since 2019 502 813 8900 | 5028138900"})
  void aDateOrShortDigitRunBeforeTheNumberDoesNotHideIt(String written, String expected) {
    assertThat(PhoneNormalizer.findAll(written)).as(written).containsExactly(PhoneNumber.of(expected));
  }

  @Test
  void aYearBeforeSpacedGroupsIsNotReadAsAnAreaCode() {
    assertThat(PhoneNormalizer.findAll("Since 2019 502 813 8900")).doesNotContain(PhoneNumber.of("2019502813"));
  }

  @Test
  void aNumberIsNeverCutFromInsideADashJoinedRun() {
    assertThat(PhoneNormalizer.findAll("Ref 2019-502-813-8900")).isEmpty();
    assertThat(PhoneNormalizer.findAll("Ref 502-813-8900-1")).isEmpty();
  }

  @Test
  void aNonUsNumberBeforeASlashHidesNothingAfterIt() {
    assertThat(PhoneNormalizer.findAll("UK: +44 20 7946 0958 / 502-813-8900"))
        .containsExactly(PhoneNumber.of("5028138900"));
    assertThat(PhoneNormalizer.findAll("UK: +44 502 813 8900")).isEmpty();
  }
}
