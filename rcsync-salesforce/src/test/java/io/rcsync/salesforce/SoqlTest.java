package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoqlTest {
  @Test
  void escapesQuotesAndBackslashesInLiterals() {
    assertThat(Soql.literal("Bob's BBQ")).isEqualTo("'Bob\\'s BBQ'");
    assertThat(Soql.literal("C:\\path")).isEqualTo("'C:\\\\path'");
    assertThat(Soql.literal("x' OR Name != '")).isEqualTo("'x\\' OR Name != \\''");
    assertThat(Soql.literal("line\nbreak\t\"q\"")).isEqualTo("'line\\nbreak\\t\\\"q\\\"'");
  }

  @Test
  void escapesWildcardsInLikePatternData() {
    assertThat(Soql.likePrefix("rc_msg_")).isEqualTo("'rc\\_msg\\_%'");
    assertThat(Soql.likeContainsInOrder(List.of("502", "813", "8900"))).isEqualTo("'%502%813%8900%'");
    // a number-like value carrying a quote, a backslash and wildcards stays one literal
    assertThat(Soql.likeContainsInOrder(List.of("50'2", "8\\13", "89%0_"))).isEqualTo("'%50\\'2%8\\\\13%89\\%0\\_%'");
  }

  @Test
  void acceptsOnlyApiNamesAsIdentifiers() {
    assertThat(Soql.identifier("litify_pm__Matter__c", "matterObject")).isEqualTo("litify_pm__Matter__c");
    for (String bad : List.of("", "1abc", "Name'", "a b", "a,b", "a)", "Phone\\__c", "x--", "a.b")) {
      assertThatThrownBy(() -> Soql.identifier(bad, "phoneFields"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phoneFields");
    }
  }

  @Test
  void formatsDateTimesInUtcToTheSecondRoundingUp() {
    assertThat(Soql.dateTime(Instant.parse("2026-03-01T00:00:00Z"))).isEqualTo("2026-03-01T00:00:00Z");
    assertThat(Soql.dateTime(Soql.ceilToSecond(Instant.parse("2026-03-01T00:00:00.001Z")))).isEqualTo("2026-03-01T00:00:01Z");
  }

  @Test
  void parsesSalesforceDateTimes() {
    assertThat(SalesforceDates.parse("2026-04-02T08:00:00.000+0000")).isEqualTo(Instant.parse("2026-04-02T08:00:00Z"));
    assertThat(SalesforceDates.parse("2026-04-02T08:00:00.000-0500")).isEqualTo(Instant.parse("2026-04-02T13:00:00Z"));
    assertThat(SalesforceDates.parse("2026-04-02T08:00:00Z")).isEqualTo(Instant.parse("2026-04-02T08:00:00Z"));
    assertThat(SalesforceDates.parse("2026-04-02T08:00:00.5+00:00")).isEqualTo(Instant.parse("2026-04-02T08:00:00.500Z"));
    assertThatThrownBy(() -> SalesforceDates.parse("yesterday")).isInstanceOf(IllegalArgumentException.class);
  }
}
