package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsync.testkit.demo.DemoData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 end to end on the demo firm: {@code import-smsmagic} run again over the same org finds every Note it wrote
 * by its {@code smsmagic_} key and writes nothing, and a staff member's edit of an imported Note's body survives the
 * re-run (the body is rcsync's only at creation: {@code NoteFieldOwnership.standard}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmsMagicRerunSimulatorTest {
  @TempDir
  static Path dir;

  SmsMagicDemoOrg org;
  int notes;

  @BeforeAll
  void importOnce() {
    org = SmsMagicDemoOrg.backfilled(dir);
    org.ok("import-smsmagic");
    notes = DemoData.SMS_MAGIC_EXPECTED.notes() + DemoData.SMS_MAGIC_EXPECTED.failedStatus();
    assertThat(org.importTotals().path("created").asLong()).isEqualTo(notes);
  }

  @AfterAll
  void stop() {
    if (org != null) {
      org.close();
    }
  }

  @Test
  void aReRunFindsEveryNoteByItsKeyAndCreatesAndUpdatesNothing() {
    Map<String, Object> modifiedBefore = new HashMap<>();
    org.notes(SmsMagicDemoOrg.SMS_MAGIC).forEach((k, n) -> modifiedBefore.put(k, n.get("LastModifiedDate")));

    TestWorld.Result again = org.ok("import-smsmagic");

    JsonNode t = org.importTotals();
    assertThat(t.path("created").asLong()).isZero();
    assertThat(t.path("updated").asLong()).isZero();
    assertThat(t.path("unchanged").asLong()).isEqualTo(notes);
    assertThat(t.path("fetched").asLong()).isEqualTo(DemoData.SMS_MAGIC_EXPECTED.read());
    assertThat(t.path("deduplicated").asLong())
        .isEqualTo(DemoData.SMS_MAGIC_EXPECTED.rcDuplicates() + DemoData.SMS_MAGIC_EXPECTED.migrationCopies());
    assertThat(again.out()).contains("— balanced");
    Map<String, Object> modifiedAfter = new HashMap<>();
    org.notes(SmsMagicDemoOrg.SMS_MAGIC).forEach((k, n) -> modifiedAfter.put(k, n.get("LastModifiedDate")));
    assertThat(modifiedAfter).isEqualTo(modifiedBefore);
  }

  @Test
  void aStaffEditOfAnImportedNotesBodySurvivesAReRun() {
    Map.Entry<String, Map<String, Object>> first = org.notes(SmsMagicDemoOrg.SMS_MAGIC).entrySet().iterator().next();
    String id = String.valueOf(first.getValue().get("Id"));
    String edited = "Client confirmed by phone: the adjuster has the photos. (edited by Kathy)";
    org.sf.update(org.schema.noteObject(), id, Map.of(org.schema.noteBodyField(), edited));

    org.ok("import-smsmagic");

    assertThat(org.sf.find(org.schema.noteObject(), id).orElseThrow())
        .containsEntry(org.schema.noteBodyField(), edited)
        .containsEntry(org.schema.noteExternalIdField(), first.getKey());
    assertThat(org.importTotals().path("updated").asLong()).isZero();
    assertThat(org.importTotals().path("created").asLong()).isZero();
  }
}
