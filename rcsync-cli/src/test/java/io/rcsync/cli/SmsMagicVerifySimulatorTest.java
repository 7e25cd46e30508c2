package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import io.rcsync.core.domain.SmsMagicRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --source smsmagic} end to end on the demo firm: complete right after the import; a deleted imported
 * Note is reported missing by its record; an imported Note whose record left the org is reported orphaned.
 */
class SmsMagicVerifySimulatorTest {
  @TempDir
  Path dir;

  SmsMagicDemoOrg org;

  @AfterEach
  void stop() {
    if (org != null) {
      org.close();
    }
  }

  @Test
  void afterTheImportNothingIsMissingAndADeletedNoteIsReportedMissingByItsRecord() throws Exception {
    org = SmsMagicDemoOrg.backfilled(dir);
    org.ok("import-smsmagic");

    TestWorld.Result complete = org.run("verify", "--source", "smsmagic");
    assertThat(complete.code()).as(complete.toString()).isZero();
    assertThat(complete.out()).contains("missing Notes:           0");
    JsonNode json = org.lastJson("-verify.json");
    assertThat(json.path("complete").asBoolean()).isTrue();
    assertThat(json.path("missingCount").asInt()).isZero();

    SmsMagicRecord gone = org.history.records().stream()
        .filter(r -> org.notes(SmsMagicDemoOrg.SMS_MAGIC).containsKey(SmsMagicDemoOrg.key(r))).findFirst().orElseThrow();
    Map<String, Object> note = org.notes(SmsMagicDemoOrg.SMS_MAGIC).get(SmsMagicDemoOrg.key(gone));
    org.sf.delete(String.valueOf(note.get("Id")));

    TestWorld.Result incomplete = org.run("verify", "--source", "smsmagic");
    assertThat(incomplete.code()).as(incomplete.toString()).isEqualTo(1);
    assertThat(incomplete.out()).contains("missing Notes:           1", gone.id().value(), "INCOMPLETE");
    assertThat(org.lastJson("-verify.json").path("missingCount").asInt()).isEqualTo(1);
    assertThat(Files.readString(org.lastReport("-verify-missing.csv"))).contains(gone.id().value());

    // the import puts it back and verify is complete again
    org.ok("import-smsmagic");
    assertThat(org.importTotals().path("created").asLong()).isEqualTo(1);
    assertThat(org.run("verify", "--source", "smsmagic").code()).isZero();
  }

  @Test
  void anImportedNoteWhoseRecordLeftTheOrgIsReportedOrphaned() {
    org = SmsMagicDemoOrg.backfilled(dir);
    org.ok("import-smsmagic");
    SmsMagicRecord deleted = org.history.records().stream()
        .filter(r -> org.notes(SmsMagicDemoOrg.SMS_MAGIC).containsKey(SmsMagicDemoOrg.key(r))).findFirst().orElseThrow();
    org.sf.delete(deleted.id().value());

    TestWorld.Result verify = org.run("verify", "--source", "smsmagic");

    JsonNode json = org.lastJson("-verify.json");
    assertThat(json.path("orphanCheck").asText()).as(verify.toString()).isEqualTo("done");
    assertThat(json.path("orphaned")).extracting(JsonNode::asText).containsExactly(SmsMagicDemoOrg.key(deleted));
    // fresh16 #5: SMS-Magic words for SMS-Magic records, never RingCentral's
    assertThat(verify.out()).contains("  records read:", "smsmagic_ Notes whose SMS-Magic record the org no longer"
        + " holds", "whose SMS-Magic record it did not expect (gone from the org").doesNotContain("RingCentral");
  }

  /** fresh16 #5: one export is often one of several, so a verify against it judges no orphan. */
  @Test
  void aVerifyAgainstOneExportSkipsTheOrphanCheckAndSaysSoInOneLine() {
    org = SmsMagicDemoOrg.backfilled(dir);
    org.ok("import-smsmagic");
    String incoming = org.write("exports/incoming-sms.csv", org.dataLoaderExport(OrgSchema.INCOMING_SMS));

    TestWorld.Result verify = org.run("verify", "--source", "smsmagic", "--from-csv", incoming);

    assertThat(verify.code()).as(verify.toString()).isZero();
    JsonNode json = org.lastJson("-verify.json");
    assertThat(json.path("orphanCheck").asText()).startsWith("skipped: an export may be one of several");
    assertThat(json.path("orphaned")).isEmpty();
    assertThat(verify.out().lines().filter(l -> l.contains("orphaned Notes:"))).singleElement().asString()
        .contains("not checked (skipped: an export may be one of several");
    assertThat(verify.out()).doesNotContain("RingCentral").doesNotContain("did not expect");
  }
}
