package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.service.sync.HistoryDedup;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's de-duplication end to end on the demo firm: the SMS-Magic records that repeat a wave-1 RingCentral text
 * (same counterparty and body, 30–110 s later) are counted de-duplicated and never written, RingCentral's Note
 * wins, and the de-duplicated CSV pairs each record's {@code smsmagic_} key with the {@code rc_msg_} key kept; the two
 * data-migration copies in SMS History are paired with the Incoming SMS record imported instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmsMagicDedupSimulatorTest {
  @TempDir
  static Path dir;

  SmsMagicDemoOrg org;
  Map<String, String[]> rows;

  @BeforeAll
  void backfillThenImport() {
    org = SmsMagicDemoOrg.backfilled(dir);
    org.ok("import-smsmagic");
    List<String> csv = org.importCsv("deduplicated");
    assertThat(csv.get(0)).isEqualTo("history_key,kept_key,counterparty,reason");
    rows = new LinkedHashMap<>();
    for (String line : csv.subList(1, csv.size())) {
      String[] cells = line.split(",", 4);
      rows.put(cells[0], cells);
    }
  }

  @AfterAll
  void stop() {
    if (org != null) {
      org.close();
    }
  }

  @Test
  void theOverlapRecordsAreCountedDeduplicatedAndNoneHasAnSmsMagicNote() {
    List<SmsMagicRecord> overlap = org.overlapRecords();

    assertThat(overlap).hasSize(DemoData.SMS_MAGIC_EXPECTED.rcDuplicates());
    assertThat(org.importTotals().path("deduplicated").asLong())
        .isEqualTo(DemoData.SMS_MAGIC_EXPECTED.rcDuplicates() + DemoData.SMS_MAGIC_EXPECTED.migrationCopies());
    assertThat(org.lastJson("-import-smsmagic.json").path("deduplicatedCount").asLong()).isEqualTo(rows.size());
    Map<String, Map<String, Object>> notes = org.notes(SmsMagicDemoOrg.SMS_MAGIC);
    assertThat(overlap).allSatisfy(r -> assertThat(notes).doesNotContainKey(SmsMagicDemoOrg.key(r)));
  }

  @Test
  void theDeduplicatedCsvPairsEachOverlapRecordWithTheRingCentralNoteOfTheSameTextWhichIsKept() {
    Map<String, Map<String, Object>> rcNotes = org.notes(SmsMagicDemoOrg.RC);
    String time = org.schema.messageTimeField().orElseThrow();

    for (SmsMagicRecord r : org.overlapRecords()) {
      String[] row = rows.get(SmsMagicDemoOrg.key(r));
      assertThat(row).as("a row for %s", SmsMagicDemoOrg.key(r)).isNotNull();
      assertThat(row[1]).startsWith(SmsMagicDemoOrg.RC);
      assertThat(row[2]).isEqualTo(SmsMagicDemoOrg.tenDigits(r.counterparty()));
      Map<String, Object> kept = rcNotes.get(row[1]);
      assertThat(kept).as("the kept Note %s exists", row[1]).isNotNull();
      assertThat(HistoryDedup.normalise(NoteBodyFormat.RICH_TEXT.unrender(
          String.valueOf(kept.get(org.schema.noteBodyField())))))
          .isEqualTo(HistoryDedup.normalise(r.body()));
      Duration apart = Duration.between(SmsMagicDemoOrg.instant(kept.get(time)), r.messageTime()).abs();
      assertThat(apart).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(110));
    }
  }

  @Test
  void theMigrationCopiesArePairedWithTheIncomingSmsRecordWhichIsImported() {
    List<String[]> copies = rows.values().stream().filter(r -> r[3].contains("copy in SMS History")).toList();
    Map<String, Map<String, Object>> notes = org.notes(SmsMagicDemoOrg.SMS_MAGIC);
    Map<String, String> objectOf = new LinkedHashMap<>();
    org.history.records().forEach(r -> objectOf.put(SmsMagicDemoOrg.key(r), r.object()));

    assertThat(copies).hasSize(DemoData.SMS_MAGIC_EXPECTED.migrationCopies());
    assertThat(copies).allSatisfy(c -> {
      assertThat(objectOf.get(c[0])).isEqualTo(OrgSchema.SMS_HISTORY);
      assertThat(objectOf.get(c[1])).isEqualTo(OrgSchema.INCOMING_SMS);
      assertThat(notes).doesNotContainKey(c[0]).containsKey(c[1]);
    });
    assertThat(rows).hasSize(DemoData.SMS_MAGIC_EXPECTED.rcDuplicates() + copies.size());
  }
}
