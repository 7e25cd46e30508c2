package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.testkit.demo.DemoData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's undo end to end on the demo firm: {@code rollback --source smsmagic} deletes exactly the imported
 * {@code smsmagic_} Notes and no {@code rc_msg_} Note; its manifest restores them as they were; and a rollback
 * without {@code --source} (RingCentral's, the default) never selects an imported history Note.
 */
class SmsMagicRollbackBySourceSimulatorTest {
  @TempDir
  Path dir;

  SmsMagicDemoOrg org;

  @AfterEach
  void stop() {
    if (org != null) {
      org.close();
    }
  }

  private Map<String, Map<String, Object>> written(String prefix) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    org.notes(prefix).forEach((k, n) -> out.put(k, org.written(n)));
    return out;
  }

  private Map<String, Object> ids(String prefix) {
    Map<String, Object> out = new LinkedHashMap<>();
    org.notes(prefix).forEach((k, n) -> out.put(k, n.get("Id")));
    return out;
  }

  @Test
  void rollbackBySourceDeletesExactlyTheHistoryNotesAndItsManifestPutsThemBack() throws Exception {
    org = SmsMagicDemoOrg.backfilled(dir);
    org.ok("import-smsmagic");
    int imported = DemoData.SMS_MAGIC_EXPECTED.notes() + DemoData.SMS_MAGIC_EXPECTED.failedStatus();
    Map<String, Map<String, Object>> history = written(SmsMagicDemoOrg.SMS_MAGIC);
    Map<String, Object> rcIds = ids(SmsMagicDemoOrg.RC);
    assertThat(history).hasSize(imported);

    TestWorld.Result preview = org.ok("rollback", "--source", "smsmagic");
    assertThat(preview.out()).contains("Rollback DRY RUN: " + imported + " Note(s) would be deleted");
    assertThat(org.notes(SmsMagicDemoOrg.SMS_MAGIC)).hasSize(imported);

    TestWorld.Result confirm = org.ok("rollback", "--source", "smsmagic", "--confirm");
    assertThat(confirm.out()).contains("Rollback: deleted " + imported + " of " + imported + " Note(s)");
    assertThat(org.notes(SmsMagicDemoOrg.SMS_MAGIC)).isEmpty();
    assertThat(ids(SmsMagicDemoOrg.RC)).as("every rc_msg_ Note untouched, same record").isEqualTo(rcIds);
    String manifest = org.lastJson("-rollback.json").path("manifest").asText();
    assertThat(Files.readAllLines(dir.resolve(manifest))).hasSize(1 + imported);

    TestWorld.Result restore = org.ok("restore", manifest);
    assertThat(restore.out()).contains(String.valueOf(imported));
    assertThat(written(SmsMagicDemoOrg.SMS_MAGIC)).as("restored as they were").isEqualTo(history);
    assertThat(ids(SmsMagicDemoOrg.RC)).isEqualTo(rcIds);
  }

  @Test
  void aRollbackWithoutSourceSelectsOnlyRingCentralNotesAndNeverAnImportedOne() {
    org = SmsMagicDemoOrg.backfilled(dir);
    org.ok("import-smsmagic");
    Map<String, Map<String, Object>> history = written(SmsMagicDemoOrg.SMS_MAGIC);
    int rcNotes = org.notes(SmsMagicDemoOrg.RC).size();

    TestWorld.Result preview = org.ok("rollback", "--wave", DemoData.WAVE1);
    TestWorld.Result confirm = org.ok("rollback", "--wave", DemoData.WAVE1, "--confirm", "--max-delete",
        String.valueOf(rcNotes));

    assertThat(preview.out()).contains("Rollback DRY RUN: " + rcNotes + " Note(s) would be deleted");
    assertThat(confirm.out()).contains("Rollback: deleted " + rcNotes + " of " + rcNotes + " Note(s)");
    assertThat(org.notes(SmsMagicDemoOrg.RC)).isEmpty();
    assertThat(written(SmsMagicDemoOrg.SMS_MAGIC)).as("every imported Note untouched").isEqualTo(history);
  }
}
