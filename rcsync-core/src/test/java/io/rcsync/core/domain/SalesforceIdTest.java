package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SalesforceIdTest {

  @ParameterizedTest
  @CsvSource({
      // Salesforce's own 15 -> 18 example, then records of the seed project's org
      "001A0000006Vm9r, IAC",
      "001UV00000kZGyj, YAG",
      "a0CUV00006LMO7s, 2AH",
      "a0LUV00000G5NHJ, 2A3"})
  void checksumIsTheSuffixSalesforceAppendsToA15CharacterId(String id15, String suffix) {
    assertThat(SalesforceId.checksum(id15)).isEqualTo(suffix);
  }

  @Test
  void eachFiveCharacterChunkGivesOneCharacterFromItsUpperCaseLetters() {
    // chunk 1 all upper case (bits 0-4 set = 31 -> '5'), chunk 2 none (0 -> 'A'), chunk 3 only its first (1 -> 'B')
    assertThat(SalesforceId.checksum("ABCDEabcdeZ0000")).isEqualTo("5AB");
    // the first character of a chunk is bit 0, its last bit 4 (16 -> 'Q'); digits count as not upper case
    assertThat(SalesforceId.checksum("abcde01234zzzzZ")).isEqualTo("AAQ");
  }

  @Test
  void idsThatDifferOnlyInCaseGetDifferentChecksums() {
    assertThat(SalesforceId.checksum("001A0000006Vm9r")).isNotEqualTo(SalesforceId.checksum("001a0000006vm9r"));
  }

  @Test
  void theEighteenCharacterFormNamesTheSameRecord() {
    String id15 = "a0LUV00000G5NHJ";
    SalesforceId id18 = SalesforceId.of(id15 + SalesforceId.checksum(id15));
    assertThat(id18.value()).hasSize(18);
    assertThat(id18.sameRecord(SalesforceId.of(id15))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "001A0000006Vm9", "001A0000006Vm9rIAC", "001A0000006Vm-r"})
  void checksumRejectsAnythingButFifteenLettersOrDigits(String notAnId15) {
    assertThatThrownBy(() -> SalesforceId.checksum(notAnId15)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checksumRejectsNull() {
    assertThatThrownBy(() -> SalesforceId.checksum(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
      // as the org gives it; upper-cased by a tool; lower-cased; Salesforce's own example upper-cased
      "a1SUV000000abcd2AA, a1SUV000000abcd2AA",
      "A1SUV000000ABCD2AA, a1SUV000000abcd2AA",
      "a1suv000000abcd2aa, a1SUV000000abcd2AA",
      "001A0000006VM9RIAC, 001A0000006Vm9rIAC",
      "a1SUV000000abcd, a1SUV000000abcd"})
  void caseSafeGivesTheCanonicalFormOfAnEighteenCharacterIdWhateverItsCase(String raw, String canonical) {
    assertThat(SalesforceId.caseSafe(raw).value()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a1SUV000000abcdZZZ", "a1SUV000000abcd2AB", "A1SUV000000ABCD5AA"})
  void caseSafeRefusesAnEighteenCharacterIdWhoseSuffixIsNotItsChecksum(String raw) {
    assertThatThrownBy(() -> SalesforceId.caseSafe(raw)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a valid 18-character Id").hasMessageContaining(raw);
  }
}
