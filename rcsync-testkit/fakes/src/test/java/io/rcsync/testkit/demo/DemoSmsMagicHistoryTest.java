package io.rcsync.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSmsMagicHistoryTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private static final String HISTORY = SmsMagicFieldMap.smsHistory().object();
  private static final String INCOMING = SmsMagicFieldMap.incomingSms().object();
  private final DemoDataset data = DemoData.generate(42, NOW);
  private final DemoSmsMagicHistory history = DemoData.smsMagicHistory(data);
  private final DemoSmsMagicHistory.Expected expected = DemoData.SMS_MAGIC_EXPECTED;

  @Test
  void holdsTheDocumentedNumberOfRowsPerObjectAndDirection() {
    assertThat(history.rows()).hasSize(expected.read()).hasSameSizeAs(history.records());
    assertThat(history.records()).filteredOn(r -> r.object().equals(HISTORY) && r.direction() == Direction.OUTBOUND)
        .hasSize(expected.smsHistoryOut());
    assertThat(history.records()).filteredOn(r -> r.object().equals(HISTORY) && r.direction() == Direction.INBOUND)
        .hasSize(expected.smsHistoryIn());
    assertThat(history.records()).filteredOn(r -> r.object().equals(INCOMING)).hasSize(expected.incomingSms());
    assertThat(expected.read()).isEqualTo(expected.notes() + expected.unmatched() + expected.intakerFiltered()
        + expected.failedStatus() + expected.rcDuplicates() + expected.migrationCopies());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 13, 2026, 99_999})
  void holdsTheSameCountsWhateverTheSeed(long seed) {
    DemoSmsMagicHistory other = DemoData.smsMagicHistory(DemoData.generate(seed, NOW));

    assertThat(other.records()).hasSize(expected.read());
    assertThat(other.records()).filteredOn(r -> !r.messageTime().isBefore(other.rcStart()))
        .hasSize(expected.rcDuplicates());
  }

  @Test
  void isTheSameForTheSameDataset() {
    DemoSmsMagicHistory again = DemoData.smsMagicHistory(DemoData.generate(42, NOW));

    assertThat(again.records()).isEqualTo(history.records());
    assertThat(again.rows()).isEqualTo(history.rows());
  }

  @Test
  void liesInTheTwoYearsBeforeTheRingCentralTextsExceptTheOverlapDuplicates() {
    Instant rcStart = history.rcStart();

    List<SmsMagicRecord> after = history.records().stream().filter(r -> !r.messageTime().isBefore(rcStart)).toList();

    assertThat(after).hasSize(expected.rcDuplicates());
    assertThat(history.records()).allSatisfy(r ->
        assertThat(r.messageTime()).isAfterOrEqualTo(rcStart.minus(Duration.ofDays(730))));
  }

  @Test
  void eachOverlapRecordRepeatsAWaveOneRingCentralTextWithinTwoMinutes() {
    List<SmsMagicRecord> overlap = history.records().stream()
        .filter(r -> !r.messageTime().isBefore(history.rcStart())).toList();

    assertThat(overlap).allSatisfy(r -> assertThat(data.messagesOfWave(DemoData.WAVE1)).anySatisfy(m -> {
      assertThat(m.text()).isEqualTo(r.body());
      assertThat(m.direction()).isEqualTo(r.direction());
      assertThat(Duration.between(m.creationTime(), r.messageTime())).isBetween(Duration.ofSeconds(30),
          Duration.ofSeconds(110));
      String other = m.direction() == Direction.INBOUND ? m.from() : m.to().get(0);
      assertThat(digits(other)).endsWith(digits(r.counterparty()).substring(digits(r.counterparty()).length() - 10));
    }));
  }

  @Test
  void hasTheFailedIntakerAndMigrationCopyRows() {
    assertThat(history.records()).extracting(SmsMagicRecord::status)
        .filteredOn(s -> List.of("FAILED", "UNDELIVERED", "ERROR").contains(s)).hasSize(expected.failedStatus());
    assertThat(history.records()).filteredOn(r -> r.body().startsWith("New lead from Intaker"))
        .singleElement().extracting(SmsMagicRecord::object).isEqualTo(INCOMING);
    List<SmsMagicRecord> inHistory = history.records().stream()
        .filter(r -> r.object().equals(HISTORY) && r.direction() == Direction.INBOUND).toList();
    List<SmsMagicRecord> incoming = history.records().stream().filter(r -> r.object().equals(INCOMING)).toList();
    long copies = inHistory.stream().filter(h -> incoming.stream().anyMatch(i -> i.body().equals(h.body())
        && digits(i.counterparty()).endsWith(last10(h.counterparty())))).count();
    assertThat(copies).isEqualTo(expected.migrationCopies());
  }

  @Test
  void ownMatterLookupsThatDisagreeWithThePhoneNumberPointAtAMatterThatDoesNotHoldIt() {
    Map<io.rcsync.core.domain.SalesforceId, io.rcsync.core.domain.CaseRecord> cases = new java.util.HashMap<>();
    data.cases().forEach(c -> cases.put(c.id(), c));

    long disagreeing = history.records().stream().filter(r -> r.matter().isPresent())
        .filter(r -> cases.get(r.matter().get()).phoneValues().values().stream()
            .noneMatch(v -> digits(v).contains(last10(r.counterparty()))))
        .count();

    assertThat(disagreeing).isEqualTo(expected.byOwnLookup());
  }

  @Test
  void orgRowsCarrySmsMagicsFieldNamesAndTheRecordsTheirValues() {
    DemoSmsMagicHistory.Row first = history.rows().get(0);
    SmsMagicRecord record = history.records().get(0);

    assertThat(first.object()).isEqualTo(HISTORY);
    assertThat(first.values()).containsEntry("Id", record.id().value())
        .containsEntry("Name", "SM-000000001")
        .containsEntry("smagicinteract__SMSText__c", record.body())
        .containsKeys("CreatedDate", "smagicinteract__PhoneNumber__c", "smagicinteract__Direction__c",
            "smagicinteract__external_field__c");
  }

  private static String last10(String raw) {
    String d = digits(raw);
    return d.substring(Math.max(0, d.length() - 10));
  }

  private static String digits(String raw) {
    return raw.replaceAll("[^0-9]", "");
  }
}
