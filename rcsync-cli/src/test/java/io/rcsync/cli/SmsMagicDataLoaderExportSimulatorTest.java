package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoSmsMagicHistory;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's CSV path end to end on the demo firm: Data Loader exports of the org's own SMS History and Incoming SMS
 * rows (upper-case API names as headers, GMT date-times, research15 §6) import the same records under the same
 * {@code smsmagic_} keys, with the same owners, parents, topics, bodies and times, as the org path, and either path
 * after the other creates nothing.
 */
class SmsMagicDataLoaderExportSimulatorTest {
  @TempDir
  Path dir;

  SmsMagicDemoOrg org;

  @AfterEach
  void stop() {
    if (org != null) {
      org.close();
    }
  }

  private Map<String, Map<String, Object>> written() {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    org.notes(SmsMagicDemoOrg.SMS_MAGIC).forEach((k, n) -> out.put(k, org.written(n)));
    return out;
  }

  private String[] fromCsv() {
    String history = org.write("exports/sms-history.csv", org.dataLoaderExport(OrgSchema.SMS_HISTORY));
    String incoming = org.write("exports/incoming-sms.csv", org.dataLoaderExport(OrgSchema.INCOMING_SMS));
    return new String[] {"import-smsmagic", "--from-csv", history, "--from-csv", incoming};
  }

  @Test
  void theExportOfTheSameRowsImportsTheSameNotesAndNeitherPathRepeatsTheOther() {
    org = SmsMagicDemoOrg.backfilled(dir, true);
    DemoSmsMagicHistory.Expected e = DemoData.SMS_MAGIC_EXPECTED;
    int notes = e.notes() + e.failedStatus();
    String[] csv = fromCsv();
    assertThat(org.dataLoaderExport(OrgSchema.SMS_HISTORY)).startsWith("\"ID\",\"NAME\",\"CREATEDDATE\","
        + "\"SMAGICINTERACT__SMSTEXT__C\",\"SMAGICINTERACT__PHONENUMBER__C\"");

    TestWorld.Result fromOrg = org.ok("import-smsmagic");
    Map<String, Map<String, Object>> byOrg = written();
    TestWorld.Result csvAfterOrg = org.ok(csv);
    JsonNode t = org.importTotals();

    assertThat(fromOrg.out()).contains("created " + notes);
    assertThat(byOrg).hasSize(notes);
    // the files are read Incoming SMS first (its records are known before SMS History's IN copies arrive)
    assertThat(csvAfterOrg.out()).contains("file: exports/incoming-sms.csv (smagicinteract__Incoming_SMS__c),"
        + " exports/sms-history.csv (smagicinteract__smsMagic__c)");
    assertThat(t.path("fetched").asLong()).isEqualTo(e.read());
    assertThat(t.path("created").asLong()).isZero();
    assertThat(t.path("updated").asLong()).isZero();
    assertThat(t.path("unchanged").asLong()).isEqualTo(notes);
    assertThat(t.path("deduplicated").asLong()).isEqualTo(e.rcDuplicates() + e.migrationCopies());
    assertThat(written()).isEqualTo(byOrg);

    // the CSV path alone writes exactly what the org path wrote, key by key and field by field
    org.ok("rollback", "--source", "smsmagic", "--confirm");
    assertThat(org.notes(SmsMagicDemoOrg.SMS_MAGIC)).isEmpty();
    org.ok(csv);
    assertThat(org.importTotals().path("created").asLong()).isEqualTo(notes);
    assertThat(org.importTotals().path("matchedMatter").asLong()).isEqualTo(e.matchedMatter() + e.failedStatus());
    assertThat(org.importTotals().path("matchedIntake").asLong()).isEqualTo(e.matchedIntake());
    assertThat(written()).isEqualTo(byOrg);

    org.ok("import-smsmagic");
    assertThat(org.importTotals().path("created").asLong()).isZero();
    assertThat(org.importTotals().path("updated").asLong()).isZero();
    assertThat(written()).isEqualTo(byOrg);
  }
}
