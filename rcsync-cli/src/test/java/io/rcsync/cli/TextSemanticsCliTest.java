package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.MessageId;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 end to end on the CLI with the in-memory world: a failed, a queued and a group text in a backfill, then a
 * late match on an incremental run a day later, through the state file and the JSON report.
 */
class TextSemanticsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void failedQueuedGroupAndLateMatchedTextsAreWrittenHeldAndReported() throws Exception {
    TestWorld w = new TestWorld(dir);
    w.messages.add(
        Messages.outbound().id("9101").extension(TestWorld.ALYSSIA).to("(502) 813-8900", "502.555.0199")
            .text("Group: both of you").status("Delivered").at("2026-04-05T10:00:00Z").build(),
        Messages.outbound().id("9102").extension(TestWorld.ALYSSIA).to("(502) 813-8900").text("never arrived")
            .status("DeliveryFailed").at("2026-04-05T11:00:00Z").build(),
        Messages.outbound().id("9103").extension(TestWorld.KYLE).to("(502) 813-8900").text("on its way")
            .status("Queued").at("2026-04-09T11:00:00Z").build());

    TestWorld.Result backfill = w.run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(backfill.code()).as(backfill.toString()).isZero();
    JsonNode t = JSON.readTree(Files.readString(w.lastReport("-sync.json"))).path("totals");
    assertThat(t.path("fetched").asLong()).isEqualTo(9);
    assertThat(t.path("held").asLong()).isEqualTo(1);
    assertThat(t.path("deliveryFailed").asLong()).isEqualTo(1);
    assertThat(t.path("created").asLong()).as("3 texts + the group text's 2 Notes").isEqualTo(6);
    assertThat(backfill.out()).contains("balanced");
    // created 6 for 5 matched texts: the console and the JSON say why
    assertThat(t.path("groupTexts").asLong()).isEqualTo(1);
    assertThat(t.path("extraGroupNotes").asLong()).isEqualTo(1);
    assertThat(t.path("matchedMatter").asLong() + t.path("matchedIntake").asLong()
        + t.path("extraGroupNotes").asLong()).isEqualTo(6);
    assertThat(backfill.out()).contains("Group texts: 1 (2 Notes, one per matched Matter/Intake)")
        .containsPattern("Notes 6 \\(created 6 \\+ updated 0 \\+ unchanged 0\\) = Matter \\d+ \\+ Intake \\d+ \\+ 1 more "
            + "for group texts");
    assertThat(w.notes.byExternalId(MessageId.of("9101").externalId(TestWorld.INTAKE.id()))).isPresent();

    // verify counts Notes too: the group text's second Note is named, and every found Note was expected
    TestWorld.Result verify = w.run("verify", "--since", "2026-03-01");
    assertThat(verify.out()).as(verify.toString()).contains(
        "should have a Note:      6 (5 texts; 1 group text(s) have 2 Notes, one per matched Matter/Intake)",
        "rcsync Notes found:      6\n");
    JsonNode v = JSON.readTree(Files.readString(w.lastReport("-verify.json")));
    assertThat(v.path("groupTexts").asLong()).isEqualTo(1);
    assertThat(v.path("extraGroupNotes").asLong()).isEqualTo(1);
    assertThat(v.path("noteTimeField").asText()).isEqualTo("Message_Time__c");
    assertThat(w.notes.forMessage(MessageId.of("9103"))).isEmpty();
    String state = w.read(".rcsync/state.json");
    assertThat(state).contains("\"unmatched\"", "\"9005\"", "wrong number?");

    // the lead's Intake is created; a day later the next incremental run finds it, and the queued text was delivered
    CaseRecord intake = Cases.intake().id("a0CUV00006LMO8s2AH").phone("Client_Phone__c", "(502) 999-0000").build();
    w.cases.add(intake);
    w.notes.knowCases(List.of(intake));
    w.clock.advance(Duration.ofDays(1));
    w.messages.remove(io.rcsync.core.domain.ExtensionId.of(TestWorld.KYLE), "9103");
    w.messages.add(Messages.outbound().id("9103").extension(TestWorld.KYLE).to("(502) 813-8900").text("on its way")
        .status("Delivered").at("2026-04-09T11:00:00Z").build());
    w.write(".rcsync/state.json", w.read(".rcsync/state.json").replace("2026-04-10T12:00:00Z\"", "2026-04-11T11:55:00Z\""));

    TestWorld.Result incremental = w.run("sync", "--incremental");

    assertThat(incremental.code()).as(incremental.toString()).isZero();
    JsonNode report = JSON.readTree(Files.readString(w.lastReport("-sync.json")));
    assertThat(report.path("balanced").asBoolean()).isTrue();
    assertThat(report.path("totals").path("matchedLate").asLong()).isEqualTo(1);
    // the progress lines count what the table counts: the late match is added after Kyle's read
    long kyleFetched = 0;
    for (JsonNode e : report.path("extensions")) {
      if (e.path("extension").asText().equals(TestWorld.KYLE)) {
        kyleFetched = e.path("fetched").asLong();
      }
    }
    assertThat(incremental.err()).contains("(" + TestWorld.KYLE + "): 1 earlier unmatched text(s) re-checked and "
        + "counted: " + kyleFetched + " in all");
    assertThat(w.notes.forMessage(MessageId.of("9005")).orElseThrow().fields()).containsValue(intake.id().value());
    assertThat(w.read(".rcsync/state.json")).doesNotContain("\"9005\"");
  }
}
