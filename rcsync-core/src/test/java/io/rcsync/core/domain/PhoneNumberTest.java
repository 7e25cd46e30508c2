package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The 10-digit check PhoneNumber makes without a regex (issue 13's JMH benchmark) accepts what the regex did. */
class PhoneNumberTest {

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"5028138900", "2000000000", "9999999999"})
  void acceptsTenAsciiDigitsStartingTwoToNine(String digits) {
    assertThat(new PhoneNumber(digits).digits()).isEqualTo(digits);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "502813890", "50281389001", "0028138900", "1028138900", "502813890a", "502-813-890",
      "５０２８１３８９００", "502813890٠"})
  void rejectsAnythingElseNamingTheValue(String digits) {
    assertThatIllegalArgumentException().isThrownBy(() -> new PhoneNumber(digits))
        .withMessageContaining("not a 10-digit US number").withMessageContaining(digits);
  }
}
