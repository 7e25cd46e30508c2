package io.rcsync.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.service.sync.CaseMatcher;
import io.rcsync.testkit.fake.InMemoryCaseDirectory;
import io.rcsync.testkit.fixtures.Cases;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseMatcherTest {
  private static final PhoneNumber CLIENT = PhoneNumber.of("5028138901");
  private static final PhoneNumber LEAD = PhoneNumber.of("8125550102");
  private static final PhoneNumber STRANGER = PhoneNumber.of("3125550100");

  private final LitifySchema schema = LitifySchema.defaults();
  private final InMemoryCaseDirectory cases = new InMemoryCaseDirectory(schema, new ApiCalls());
  private final CaseMatcher matcher = new CaseMatcher(cases, schema);
  private final CaseRecord clientMatter = add(Cases.matter().phone("(502) 813-8901"));
  private final CaseRecord leadIntake = add(Cases.intake().phone("litify_pm__Phone__c", "812.555.0102"));

  private CaseRecord add(Cases.Builder b) {
    CaseRecord r = b.build();
    cases.add(r);
    return r;
  }

  @Test
  void eachNumberIsLookedUpOnceForTheRunInOneCallPerBatch() {
    matcher.lookUp(List.of(List.of(CLIENT), List.of(LEAD, CLIENT)));
    matcher.lookUp(List.of(List.of(LEAD), List.of(CLIENT)));
    matcher.lookUp(List.of(List.of(STRANGER, CLIENT)));

    assertThat(cases.batchSizes()).containsExactly(2, 1);
    assertThat(matcher.match(List.of(CLIENT)).orElseThrow().chosen()).isEqualTo(clientMatter);
    assertThat(matcher.match(List.of(STRANGER))).isEmpty();
  }

  @Test
  void aLikeFalsePositiveIsNoMatch() {
    cases.likeFalsePositives(true);
    add(Cases.matter().phone("1502-813-89011"));

    matcher.lookUp(List.of(List.of(PhoneNumber.of("5028138901"))));

    CaseMatcher.Match m = matcher.match(List.of(PhoneNumber.of("5028138901"))).orElseThrow();
    assertThat(m.chosen()).isEqualTo(clientMatter);
    assertThat(m.ambiguous()).as("the look-alike is not a candidate").isFalse();
  }

  @Test
  void aGroupTextGoesToTheBestTierAndNamesTheNumberThatLedThere() {
    matcher.lookUp(List.of(List.of(STRANGER, LEAD, CLIENT)));

    CaseMatcher.Match m = matcher.match(List.of(STRANGER, LEAD, CLIENT)).orElseThrow();

    assertThat(m.chosen()).isEqualTo(clientMatter);
    assertThat(m.counterparty()).isEqualTo(CLIENT);
    assertThat(m.ambiguous()).isFalse();
  }

  @Test
  void twoRecordsInTheWinningTierAreAmbiguousAndTheNewestWins() {
    add(Cases.matter().phone("Client_Phone__c", "606.555.0111").createdAt("2024-01-01T00:00:00Z"));
    CaseRecord newer = add(Cases.matter().phone("606-555-0111 x12").createdAt("2025-06-01T00:00:00Z"));
    PhoneNumber n = PhoneNumber.of("6065550111");

    matcher.lookUp(List.of(List.of(n)));

    assertThat(matcher.match(List.of(n))).hasValueSatisfying(m -> {
      assertThat(m.chosen()).isEqualTo(newer);
      assertThat(m.ambiguous()).isTrue();
    });
  }

  @Test
  void aFailedLookupDecidesNothingSoItsTextsCannotBeMatched() {
    cases.failAfterCalls(0, ExternalSystemException.Kind.CONNECTION);

    assertThatThrownBy(() -> matcher.lookUp(List.of(List.of(CLIENT)))).isInstanceOf(ExternalSystemException.class);
    assertThatThrownBy(() -> matcher.match(List.of(CLIENT))).isInstanceOf(IllegalStateException.class);
  }
}
