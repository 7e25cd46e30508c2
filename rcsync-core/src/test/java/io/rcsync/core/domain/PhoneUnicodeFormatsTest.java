package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Issue 10 item 6, by example: phone fields as people and imports really fill them. */
class PhoneUnicodeFormatsTest {
  private static final PhoneNumber ISSUE = PhoneNumber.of("2705550164");

  @Test
  void theIssuesLabelledValueWithEnDashesHoldsTheNumberOfTheInboundText() {
    PhoneNumber from = PhoneNormalizer.normalize("+12705550164").asNumber().orElseThrow();

    assertThat(PhoneNormalizer.findAll("Cell: 270\u2013555\u20130164")).containsExactly(from);
  }

  @Test
  void theSameValueWithAsciiHyphensStillMatches() {
    assertThat(PhoneNormalizer.findAll("Cell: 270-555-0164")).containsExactly(ISSUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "270\u2013555\u20130164", "270\u2014555\u20140164", "270\u2010555\u20110164", "270\u2212555\u22120164",
      "270\uFF0D555\uFF0D0164", "270\u00A0555\u00A00164", "(270)\u202F555\u20090164", "270\u3000555\u30000164",
      "270\u00B7555\u00B70164", "270/555/0164", "\uFF12\uFF17\uFF10-\uFF15\uFF15\uFF15-\uFF10\uFF11\uFF16\uFF14",
      "\uFF08270\uFF09555-0164", "\uFF0B1 270 555 0164", "1\u2013270\u2013555\u20130164", "+1\u00A0270\u00A0555\u00A00164",
      "Mobile - 270 555 0164", "Home/Work: 270.555.0164", "270-555-0164 ext. 4", "270-555-0164 #2",
      "270-555-0164x123", "Cell:\u00A0(270)\u00A0555\u20130164\u00A0x12", "\u0662\u0667\u0660-\u0665\u0665\u0665-\u0660\u0661\u0666\u0664",
      "\u0968\u096D\u0966 \u096B\u096B\u096B \u0966\u0967\u096C\u096A", "270\u200B555\u200B0164"})
  void findsTheNumberWhateverDashesSpacesDigitsLabelOrExtension(String written) {
    assertThat(PhoneNormalizer.findAll(written)).as(written).containsExactly(ISSUE);
  }

  @Test
  void fullwidthAndUnicodeDashedCounterpartiesNormaliseAsAWhole() {
    assertThat(PhoneNormalizer.normalize("\uFF0B\uFF11\uFF12\uFF17\uFF10\uFF15\uFF15\uFF15\uFF10\uFF11\uFF16\uFF14")
        .asNumber()).contains(ISSUE);
    assertThat(PhoneNormalizer.normalize("270\u2013555\u20130164").asNumber()).contains(ISSUE);
  }

  @Test
  void shortCodesAndInternationalNumbersStayUnmatchedWithTheirReason() {
    assertThat(PhoneNormalizer.normalize("\uFF18\uFF19\uFF13\uFF19\uFF13")).isEqualTo(
        new NormalizedPhone.Rejected("\uFF18\uFF19\uFF13\uFF19\uFF13", PhoneRejection.SHORT_CODE));
    assertThat(PhoneNormalizer.normalize("+44\u00A020\u20137946\u20130958"))
        .isInstanceOf(NormalizedPhone.Rejected.class)
        .extracting(p -> ((NormalizedPhone.Rejected) p).reason()).isEqualTo(PhoneRejection.INTERNATIONAL);
    assertThat(PhoneNormalizer.findAll("UK: +44 20 7946 0958")).isEmpty();
    assertThat(PhoneNormalizer.findAll("011 44 20 7946 0958")).isEmpty();
  }

  @Test
  void aDigitRunThatIsNotCutAtANumberBoundaryYieldsNoGuess() {
    assertThat(PhoneNormalizer.findAll("Case 1502-813-89001")).isEmpty();
    assertThat(PhoneNormalizer.findAll("ref 44 20 7946 0958")).isEmpty();
  }

  @Test
  void everyNumberOfAFieldHoldingSeveralIsFoundOnce() {
    assertThat(PhoneNormalizer.findAll("Cell 270\u2013555\u20130164; Home (502) 813\u00B78900, cell 270.555.0164"))
        .containsExactly(ISSUE, PhoneNumber.of("5028138900"));
  }

  @Test
  void theSearchFormsAreAsciiAndFullwidthDigitGroups() {
    assertThat(ISSUE.searchForms()).containsExactly(
        java.util.List.of("270", "555", "0164"),
        java.util.List.of("\uFF12\uFF17\uFF10", "\uFF15\uFF15\uFF15", "\uFF10\uFF11\uFF16\uFF14"));
  }
}
