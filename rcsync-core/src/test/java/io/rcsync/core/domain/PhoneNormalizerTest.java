package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNormalizerTest {

  private static PhoneRejection rejection(String raw) {
    NormalizedPhone n = PhoneNormalizer.normalize(raw);
    assertThat(n).as("normalising '%s'", raw).isInstanceOf(NormalizedPhone.Rejected.class);
    return ((NormalizedPhone.Rejected) n).reason();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {
      "(502) 813-8900",
      "502.813.8900",
      "+15028138900",
      "1-502-813-8900",
      "502 813 8900",
      "5028138900",
      "15028138900",
      "502-813-8900",
      "(502)813-8900",
      "+1 (502) 813-8900",
      "+1 502 813 8900",
      "1 (502) 813-8900",
      "1.502.813.8900",
      "502/813-8900",
      "tel:+15028138900",
      "TEL:+1-502-813-8900",
      "0015028138900",
      "  502-813-8900  ",
      "\t(502) 813-8900\n",
      "502\u00a0813\u00a08900",
      "502\u2010813\u20108900",
      "502\u2013813\u20138900",
  })
  void normalisesTheWaysPeopleWriteAUsNumber(String raw) {
    assertThat(PhoneNormalizer.normalize(raw).asNumber()).contains(PhoneNumber.of("5028138900"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {
      "502-813-8900 x12",
      "(502) 813-8900 x12",
      "502-813-8900x12",
      "502.813.8900 X 12",
      "502-813-8900 ext. 204",
      "502-813-8900 ext 204",
      "502-813-8900 EXT.204",
      "+1 502 813 8900;ext=7",
      "502-813-8900 #3",
      "  (502) 813-8900 x12  ",
  })
  void dropsExtensions(String raw) {
    assertThat(PhoneNormalizer.normalize(raw).asNumber()).contains(PhoneNumber.of("5028138900"));
  }

  @Test
  public void keepsTheRawValueAlongsideTheNumber() {
    NormalizedPhone n = PhoneNormalizer.normalize("(502) 813-8900");

    assertThat(n).isInstanceOfSatisfying(NormalizedPhone.Valid.class, v -> {
      assertThat(v.raw()).isEqualTo("(502) 813-8900");
      assertThat(v.number().e164()).isEqualTo("+15028138900");
    });
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"22395", "839363", "72975", "898-211", "  33733 ", "+22395"})
  void rejectsShortCodes(String raw) {
    // "+22395" is a short code written with a plus: not a US number either way
    assertThat(rejection(raw)).isIn(PhoneRejection.SHORT_CODE, PhoneRejection.INTERNATIONAL);
    if (!raw.contains("+")) {
      assertThat(rejection(raw)).isEqualTo(PhoneRejection.SHORT_CODE);
    }
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {
      "+447911123456",
      "+44 20 7946 0958",
      "011 44 20 7946 0958",
      "01144 20 7946 0958",
      "0044 20 7946 0958",
      "+52 55 1234 5678",
      "+5215512345678",
      "+91 98765 43210",
      "442079460958",
  })
  void rejectsInternationalNumbers(String raw) {
    assertThat(rejection(raw)).isEqualTo(PhoneRejection.INTERNATIONAL);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {
      "502-813-890",
      "1234567",
      "call the office",
      "1-800-FLOWERS",
      "502-813-8900!",
      "123-456-7890",
      "502-013-8900",
      "+1 502 813 890",
      "+1 123 456 7890",
      "N/A",
  })
  void rejectsMalformedValues(String raw) {
    assertThat(rejection(raw)).isEqualTo(PhoneRejection.MALFORMED);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t", "()- ", "tel:"})
  void rejectsEmptyValues(String raw) {
    assertThat(rejection(raw)).isEqualTo(PhoneRejection.EMPTY);
  }

  @Test
  public void everyRejectionHasADescriptionForReports() {
    for (PhoneRejection r : PhoneRejection.values()) {
      assertThat(r.description()).isNotBlank();
    }
    assertThat(PhoneRejection.SHORT_CODE.description()).contains("short code");
  }
}
