package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: {@code rollback --source rc|smsmagic} and {@code restore} of either source's manifest, on the in-memory
 * world: three RingCentral Notes from a sync, and two Notes of imported SMS-Magic history records.
 */
class RollbackBySourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  TestWorld w;
  final List<MessageId> history = new ArrayList<>();

  @BeforeEach
  void syncedAndImported() {
    w = new TestWorld(dir);
    assertThat(w.run("sync", "--backfill", "--since", "2026-03-01").code()).isZero();
    for (int i = 1; i <= 2; i++) {
      MessageId id = MessageId.smsMagic(SalesforceIds.idFor("a1S", i));
      history.add(id);
      assertThat(w.notes.upsert(List.of(new NoteDraft(id, ExtensionId.of(TestWorld.ALYSSIA), TestWorld.ALYSSIA_USER,
          "Text message received", "from SMS-Magic " + i, TestWorld.MATTER.kind(), TestWorld.MATTER.id(),
          Instant.parse("2024-06-01T10:00:00Z").plusSeconds(i), Direction.INBOUND, PhoneNumber.of("5028138900")))))
          .allMatch(WriteOutcome::succeeded);
    }
    w.clock.advance(java.time.Duration.ofMinutes(1));
  }

  private List<String> keys(String prefix) {
    return w.notes.rcsyncNotes().stream().map(NoteRecord::externalId).filter(k -> k.startsWith(prefix)).toList();
  }

  private static void oneLineUsageError(TestWorld.Result r, String... naming) {
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).as(r.toString()).doesNotContain("\n").contains(naming);
  }

  @Test
  void rollbackWithoutASourceTouchesOnlyRingCentralNotes() throws Exception {
    TestWorld.Result r = w.run("rollback", "--confirm");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Rollback: deleted 3 of 3 Note(s)");
    assertThat(keys("rc_msg_")).isEmpty();
    assertThat(keys("smsmagic_")).hasSize(2);
    JsonNode report = JSON.readTree(Files.readString(w.lastReport("-rollback.json")));
    assertThat(report.path("filters").path("source").asText()).isEqualTo("rc");
    assertThat(Files.readAllLines(w.lastReport("-rollback-manifest.jsonl")).get(0)).contains("\"source\":\"rc\"");
  }

  @Test
  void rollbackOfSmsMagicDeletesOnlyTheImportedHistoryNotesAndRestorePutsThemBack() throws Exception {
    TestWorld.Result preview = w.run("rollback", "--source", "smsmagic");
    TestWorld.Result r = w.run("rollback", "--source", "smsmagic", "--confirm");

    assertThat(preview.code()).as(preview.toString()).isZero();
    assertThat(preview.out()).contains("Rollback DRY RUN: 2 Note(s) would be deleted", "smsmagic_")
        .doesNotContain("rc_msg_9001");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Rollback: deleted 2 of 2 Note(s)");
    assertThat(keys("smsmagic_")).isEmpty();
    assertThat(keys("rc_msg_")).hasSize(3);
    Path manifest = w.lastReport("-rollback-manifest.jsonl");
    assertThat(Files.readAllLines(manifest).get(0)).contains("\"source\":\"smsmagic\"");
    assertThat(JSON.readTree(Files.readString(w.lastReport("-rollback.json"))).path("filters").path("source").asText())
        .isEqualTo("smsmagic");

    TestWorld.Result restore = w.run("restore", "reports/" + manifest.getFileName());

    assertThat(restore.code()).as(restore.toString()).isZero();
    assertThat(restore.out()).contains("created 2");
    assertThat(keys("smsmagic_")).containsExactlyInAnyOrderElementsOf(history.stream().map(MessageId::externalId).toList());
    assertThat(keys("rc_msg_")).hasSize(3);
  }

  @Test
  void oneSmsMagicNoteIsRolledBackByItsKeyInEitherIdForm() {
    MessageId first = history.get(0);
    String shortKey = "smsmagic_" + SalesforceId.of(first.value()).shortForm();

    TestWorld.Result r = w.run("rollback", "--source", "smsmagic", "--message-id", shortKey, "--confirm");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(w.notes.byExternalId(first.externalId())).isEmpty();
    assertThat(keys("smsmagic_")).containsExactly(history.get(1).externalId());
    assertThat(keys("rc_msg_")).hasSize(3);
  }

  @Test
  void anSmsMagicKeyWithoutItsSourceIsOneUsageLineAndDeletesNothing() {
    TestWorld.Result r = w.run("rollback", "--message-id", history.get(0).externalId(), "--confirm");

    oneLineUsageError(r, history.get(0).externalId(), "--source smsmagic");
    assertThat(w.notes.rcsyncNotes()).hasSize(5);
  }

  @Test
  void aRingCentralIdUnderSourceSmsMagicIsOneUsageLineToo() {
    TestWorld.Result r = w.run("rollback", "--source", "smsmagic", "--message-id", "9001", "--confirm");

    oneLineUsageError(r, "rc_msg_9001", "--source rc");
    assertThat(w.notes.rcsyncNotes()).hasSize(5);
  }

  @Test
  void aBadSourceIsOneUsageLineNamingTheValueAndTheChoices() {
    TestWorld.Result r = w.run("rollback", "--source", "twilio");

    oneLineUsageError(r, "'twilio'", "rc", "smsmagic");
    assertThat(w.notes.rcsyncNotes()).hasSize(5);
  }

  @Test
  void aBadMessageIdIsOneUsageLineSayingWhatIsAccepted() {
    oneLineUsageError(w.run("rollback", "--source", "smsmagic", "--message-id", "smsmagic_123"),
        "'smsmagic_123'", "15- or 18-character");
    oneLineUsageError(w.run("rollback", "--message-id", "rc_msg_12 34"), "'rc_msg_12 34'", "rc_msg_1234567",
        "smsmagic_");
  }

  @Test
  void theSourceNameIsCaseInsensitiveAndRcIsTheDefault() {
    TestWorld.Result upper = w.run("rollback", "--source", "SMSMAGIC");
    TestWorld.Result rc = w.run("rollback", "--source", "rc");

    assertThat(upper.code()).as(upper.toString()).isZero();
    assertThat(upper.out()).contains("2 Note(s) would be deleted");
    assertThat(rc.out()).contains("3 Note(s) would be deleted");
  }
}
