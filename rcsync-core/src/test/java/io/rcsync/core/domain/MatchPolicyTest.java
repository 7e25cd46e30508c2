package io.rcsync.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatchPolicyTest {
  private static final PhoneNumber NUMBER = PhoneNumber.of("5028138900");
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private final MatchPolicy policy = new MatchPolicy(SCHEMA);
  private int next = 1;

  private CaseRecord record(CaseKind kind, String status, String created, String phone) {
    return record(kind, status, created, Map.of("Matter_Phone__c", phone));
  }

  private CaseRecord record(CaseKind kind, String status, String created, Map<String, String> phones) {
    String prefix = kind == CaseKind.MATTER ? "a0L" : "a0C";
    String id = prefix + "UV" + String.format("%010d", next++) + "AAA";
    return new CaseRecord(SalesforceId.of(id), kind, status, Instant.parse(created), phones);
  }

  private CaseRecord openMatter(String created) {
    return record(CaseKind.MATTER, "Open", created, "(502) 813-8900");
  }

  private CaseRecord closedMatter(String created) {
    return record(CaseKind.MATTER, "Closed", created, "502.813.8900");
  }

  private CaseRecord unconvertedIntake(String created) {
    return record(CaseKind.INTAKE, "Open", created, "+15028138900");
  }

  private CaseRecord convertedIntake(String created) {
    return record(CaseKind.INTAKE, "Converted", created, "1-502-813-8900");
  }

  @Test
  void prefersOpenMatterThenUnconvertedIntakeThenClosedMatterThenConvertedIntake() {
    // older records in better tiers, so recency cannot explain the order
    CaseRecord open = openMatter("2020-01-01T00:00:00Z");
    CaseRecord intake = unconvertedIntake("2021-01-01T00:00:00Z");
    CaseRecord closed = closedMatter("2022-01-01T00:00:00Z");
    CaseRecord converted = convertedIntake("2023-01-01T00:00:00Z");
    List<CaseRecord> candidates = new ArrayList<>(List.of(converted, closed, intake, open));
    List<CaseRecord> expectedOrder = List.of(open, intake, closed, converted);
    List<MatchTier> expectedTiers =
        List.of(MatchTier.OPEN_MATTER, MatchTier.UNCONVERTED_INTAKE, MatchTier.CLOSED_MATTER, MatchTier.CONVERTED_INTAKE);

    for (int i = 0; i < expectedOrder.size(); i++) {
      MatchDecision d = policy.decide(NUMBER, candidates);
      assertThat(d.chosen()).as("winner among %d candidates", candidates.size()).contains(expectedOrder.get(i));
      assertThat(d.tier()).contains(expectedTiers.get(i));
      assertThat(d.confirmedCandidates()).isEqualTo(candidates.size());
      candidates.remove(expectedOrder.get(i));
    }
  }

  @Test
  void theNewestRecordWinsWithinATierAndTheMatchIsAmbiguous() {
    CaseRecord older = openMatter("2024-03-01T00:00:00Z");
    CaseRecord newer = openMatter("2025-09-01T00:00:00Z");
    CaseRecord closedNewest = closedMatter("2026-01-01T00:00:00Z");

    MatchDecision d = policy.decide(NUMBER, List.of(older, newer, closedNewest));

    assertThat(d.chosen()).contains(newer);
    assertThat(d.tiedCandidates()).isEqualTo(2);
    assertThat(d.ambiguous()).isTrue();
    assertThat(d.confirmedCandidates()).isEqualTo(3);
  }

  @Test
  void aSingleCandidateInTheWinningTierIsNotAmbiguous() {
    MatchDecision d = policy.decide(NUMBER, List.of(openMatter("2024-01-01T00:00:00Z"), closedMatter("2025-01-01T00:00:00Z")));

    assertThat(d.ambiguous()).isFalse();
    assertThat(d.tiedCandidates()).isEqualTo(1);
  }

  @Test
  void tiesOnCreationTimeAreBrokenByIdSoTheChoiceIsStable() {
    CaseRecord a = openMatter("2025-01-01T00:00:00Z");
    CaseRecord b = openMatter("2025-01-01T00:00:00Z");

    assertThat(policy.decide(NUMBER, List.of(a, b)).chosen()).contains(b);
    assertThat(policy.decide(NUMBER, List.of(b, a)).chosen()).contains(b);
  }

  @Test
  void dropsLikeFalsePositivesThatDoNotNormaliseToTheNumber() {
    // each of these matches SOQL LIKE '%502%813%8900%' but holds another number (or none)
    List<CaseRecord> likeHits = List.of(
        record(CaseKind.MATTER, "Open", "2025-01-01T00:00:00Z", "1502-813-89001"),
        record(CaseKind.MATTER, "Open", "2025-01-01T00:00:00Z", "502-813-8900-1"),
        record(CaseKind.INTAKE, "Open", "2025-01-01T00:00:00Z", "(502) 555-8131 / 8900"),
        record(CaseKind.MATTER, "Open", "2025-01-01T00:00:00Z", "ref 502 813 89001 A"));

    MatchDecision d = policy.decide(NUMBER, likeHits);

    assertThat(d.matched()).isFalse();
    assertThat(d.confirmedCandidates()).isZero();
  }

  @Test
  void keepsTheConfirmedRecordAmongFalsePositives() {
    CaseRecord real = closedMatter("2020-01-01T00:00:00Z");
    CaseRecord fake = record(CaseKind.MATTER, "Open", "2026-01-01T00:00:00Z", "1502-813-89001");

    MatchDecision d = policy.decide(NUMBER, List.of(fake, real));

    assertThat(d.chosen()).contains(real);
    assertThat(d.confirmedCandidates()).isEqualTo(1);
  }

  @Test
  void looksOnlyInTheConfiguredPhoneFields() {
    CaseRecord elsewhere = record(CaseKind.MATTER, "Open", "2025-01-01T00:00:00Z", Map.of("Fax__c", "502-813-8900"));
    CaseRecord inClientPhone =
        record(CaseKind.MATTER, "Open", "2024-01-01T00:00:00Z", Map.of("Client_Phone__c", "502-813-8900 x12"));

    assertThat(policy.holds(elsewhere, NUMBER)).isFalse();
    assertThat(policy.holds(inClientPhone, NUMBER)).isTrue();
    assertThat(policy.decide(NUMBER, List.of(elsewhere, inClientPhone)).chosen()).contains(inClientPhone);
  }

  @Test
  void findsTheNumberInAnyOfSeveralPhoneFieldsOfOneRecord() {
    CaseRecord r = record(CaseKind.INTAKE, "Open", "2025-01-01T00:00:00Z",
        Map.of("Matter_Phone__c", "N/A", "Client_Phone__c", "(812) 555-0101", "Phone_10_Digit__c", "5028138900"));

    assertThat(policy.decide(NUMBER, List.of(r)).chosen()).contains(r);
  }

  @Test
  void aRecordWithoutStatusCountsAsOpen() {
    CaseRecord noStatus = record(CaseKind.MATTER, null, "2020-01-01T00:00:00Z", "5028138900");
    CaseRecord intake = unconvertedIntake("2025-01-01T00:00:00Z");

    assertThat(policy.decide(NUMBER, List.of(intake, noStatus)).tier()).contains(MatchTier.OPEN_MATTER);
  }

  @Test
  void honoursConfiguredClosedAndConvertedValues() {
    LitifySchema schema = new LitifySchema("litify_pm__lit_Note__c", "litify_pm__lit_Note__c", "litify_pm__lit_Topic__c",
        "litify_pm__lit_Matter__c", "litify_pm__lit_Intake__c", "External_Id__c", Optional.empty(), "litify_pm__Matter__c",
        "litify_pm__Status__c", Set.of("Closed", "Settled"), "litify_pm__Intake__c", "litify_pm__Status__c",
        Set.of("Converted", "Retained"), LitifySchema.DEFAULT_PHONE_FIELDS);
    MatchPolicy custom = new MatchPolicy(schema);
    CaseRecord settled = record(CaseKind.MATTER, "Settled", "2026-01-01T00:00:00Z", "5028138900");
    CaseRecord retained = record(CaseKind.INTAKE, "Retained", "2026-02-01T00:00:00Z", "5028138900");
    CaseRecord open = record(CaseKind.INTAKE, "Under Review", "2020-01-01T00:00:00Z", "5028138900");

    MatchDecision d = custom.decide(NUMBER, List.of(settled, retained, open));

    assertThat(d.chosen()).contains(open);
    assertThat(MatchTier.of(settled, schema)).isEqualTo(MatchTier.CLOSED_MATTER);
    assertThat(MatchTier.of(retained, schema)).isEqualTo(MatchTier.CONVERTED_INTAKE);
  }

  @Test
  void noCandidatesMeansNoMatch() {
    assertThat(policy.decide(NUMBER, List.of())).isEqualTo(MatchDecision.none());
  }

  @Test
  void aGroupTextGoesToTheBestTierAcrossItsNumbers() {
    PhoneNumber other = PhoneNumber.of("8125550101");
    CaseRecord closed = closedMatter("2026-01-01T00:00:00Z");
    CaseRecord open = record(CaseKind.MATTER, "Open", "2019-01-01T00:00:00Z", "812-555-0101");

    MatchDecision best = policy.best(List.of(policy.decide(NUMBER, List.of(closed)), policy.decide(other, List.of(open)),
        MatchDecision.none()));

    assertThat(best.chosen()).contains(open);
    assertThat(policy.best(List.of(MatchDecision.none()))).isEqualTo(MatchDecision.none());
  }

  @Test
  void withinATierAGroupTextGoesToTheNewestRecord() {
    PhoneNumber other = PhoneNumber.of("8125550101");
    CaseRecord older = openMatter("2024-01-01T00:00:00Z");
    CaseRecord newer = record(CaseKind.MATTER, "Open", "2025-01-01T00:00:00Z", "812-555-0101");

    MatchDecision best = policy.best(List.of(policy.decide(NUMBER, List.of(older)), policy.decide(other, List.of(newer))));

    assertThat(best.chosen()).contains(newer);
  }
}
