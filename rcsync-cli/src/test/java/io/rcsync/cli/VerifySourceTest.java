package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rcsync verify --source rc|smsmagic} (issue 15): rc (the default) is verify as before; smsmagic re-reads the
 * SMS-Magic history (here a Data Loader export) as a dry-run import and lists records without their Note.
 */
class VerifySourceTest {
  @TempDir
  Path dir;

  TestWorld world() {
    TestWorld w = new TestWorld(dir);
    w.write("config/sync-config.json", ImportSmsMagicVerbTest.CONFIG_WITH_SMSMAGIC);
    w.write("exports/h.csv", ImportSmsMagicVerbTest.export());
    return w;
  }

  @Test
  void sourceIsParsedRcByDefaultAndAnythingElseIsOneUsageLine() {
    TestWorld w = world();

    TestWorld.Result bogus = w.run("verify", "--source", "ringcentral", "--since", "2026-04-01");
    TestWorld.Result rcWithoutSince = w.run("verify", "--source", "RC");
    TestWorld.Result rc = w.run("verify", "--source", "rc", "--since", "2026-04-01");
    TestWorld.Result byDefault = w.run("verify", "--since", "2026-04-01");

    assertThat(bogus.code()).isEqualTo(2);
    assertThat(bogus.err()).contains("'ringcentral' is not a text source: use rc (RingCentral) or smsmagic"
        + " (imported SMS-Magic history)"); // the same converter and words as rollback --source
    assertThat(rcWithoutSince.code()).isEqualTo(2);
    assertThat(rcWithoutSince.err()).contains("verify needs --since DATE");
    assertThat(rc.out()).startsWith("Verify wave wave1_intake, 2026-04-01T00:00:00Z .. ");
    assertThat(byDefault.out()).startsWith("Verify wave wave1_intake, 2026-04-01T00:00:00Z .. ");
    assertThat(byDefault.code()).isEqualTo(rc.code());
  }

  @Test
  void smsmagicListsRecordsWithoutTheirNoteUntilTheImportRanThenIsComplete() throws Exception {
    TestWorld w = world();

    TestWorld.Result before = w.run("verify", "--source", "smsmagic", "--from-csv", "exports/h.csv");
    TestWorld.Result imported = w.run("import-smsmagic", "--from-csv", "exports/h.csv");
    TestWorld.Result after = w.run("verify", "--source", "smsmagic", "--from-csv", "exports/h.csv");

    assertThat(before.code()).as(before.toString()).isEqualTo(1);
    assertThat(before.out()).startsWith("Verify SMS-Magic history (file: exports/h.csv (smagicinteract__smsMagic__c)),"
            + " all records\n")
        .contains("missing Notes:           3", "a3S000000000001EAA",
            "INCOMPLETE: run 'rcsync import-smsmagic' again (same --from-csv/--since/--until) to fill the gaps");
    assertThat(imported.code()).as(imported.toString()).isZero();
    assertThat(after.code()).as(after.toString()).isZero();
    assertThat(after.out()).contains("missing Notes:           0", "Complete: every SMS-Magic record read");
    JsonNode json = new ObjectMapper().readTree(w.lastReport("-verify.json").toFile());
    assertThat(json.get("wave").asText()).isEqualTo("smsmagic");
    assertThat(json.get("complete").asBoolean()).isTrue();
  }

  /**
   * fresh16 #5: an export is often one of several (SMS History and Incoming SMS, one file a year), so a Note whose
   * record a given export lacks is no orphan: the check is skipped and says so; the org check lists orphans
   * ({@code SmsMagicVerifySimulatorTest}).
   */
  @Test
  void smsmagicAgainstAnExportJudgesNoOrphanEvenWhenAnImportedRecordIsNotInIt() {
    TestWorld w = world();
    String export = ImportSmsMagicVerbTest.export();
    String withoutFirst = export.lines().filter(l -> !l.startsWith("\"a3S000000000001\""))
        .map(l -> l + "\r\n").reduce("", String::concat);
    w.write("exports/later.csv", withoutFirst);
    assertThat(w.run("sync", "--backfill", "--since", "2026-04-01").code()).isIn(0, 1);
    TestWorld.Result imported = w.run("import-smsmagic", "--from-csv", "exports/h.csv");

    TestWorld.Result whole = w.run("verify", "--source", "smsmagic", "--from-csv", "exports/h.csv");
    TestWorld.Result gone = w.run("verify", "--source", "smsmagic", "--from-csv", "exports/later.csv");
    TestWorld.Result windowed = w.run("verify", "--source", "smsmagic", "--from-csv", "exports/later.csv", "--since",
        "2024-01-01");

    assertThat(imported.code()).as(imported.toString()).isZero();
    assertThat(whole.out()).as(whole.toString()).contains("orphaned Notes:          not checked (skipped: an export"
        + " may be one of several");
    assertThat(gone.out()).as(gone.toString()).contains("orphaned Notes:          not checked (skipped: an export"
            + " may be one of several")
        .doesNotContain("smsmagic_a3S000000000001EAA").doesNotContain("rc_msg_").doesNotContain("RingCentral");
    assertThat(windowed.out()).as(windowed.toString()).contains("orphaned Notes:          not checked (skipped:"
        + " --since/--until read part of the history");
  }

  @Test
  void smsmagicWithoutADefaultOwnerIsOneConfigLineAndExitCodeTwo() {
    TestWorld w = new TestWorld(dir);
    w.write("exports/h.csv", ImportSmsMagicVerbTest.export());

    TestWorld.Result r = w.run("verify", "--source", "smsmagic", "--from-csv", "exports/h.csv");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().filter(l -> !l.isBlank())).singleElement().asString()
        .contains("smsmagic.defaultOwner: not set");
  }

  @Test
  void rcOnlyOptionsAndCsvOptionsOfTheWrongSourceAreUsageErrors() {
    TestWorld w = world();

    TestWorld.Result wave = w.run("verify", "--source", "smsmagic", "--wave", "wave1_intake");
    TestWorld.Result csvForRc = w.run("verify", "--since", "2026-04-01", "--from-csv", "exports/h.csv");
    TestWorld.Result zoneAlone = w.run("verify", "--source", "smsmagic", "--csv-zone", "UTC");

    assertThat(wave.code()).isEqualTo(2);
    assertThat(wave.err()).contains("--wave applies to --source rc only");
    assertThat(csvForRc.code()).isEqualTo(2);
    assertThat(csvForRc.err()).contains("--from-csv is an SMS-Magic export: use it with --source smsmagic");
    assertThat(zoneAlone.err()).contains("--csv-zone applies to --from-csv files only");
  }
}
