package io.rcsync.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.report.Counts;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.VerifyReport;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleReportTablesTest {
  @Test
  void anIndentedTableIndentsItsHeaderAndItsRowsAlikeSoTheColumnsLineUp() {
    StringWriter s = new StringWriter();
    ConsoleReport.table(new PrintWriter(s, true), List.of("message id", "extension", "reason"),
        List.of(List.of("9001", "376557052", "write failed: FIELD_CUSTOM_VALIDATION_EXCEPTION")), 0, "  ");

    List<String> lines = s.toString().lines().toList();
    assertThat(lines).containsExactly(
        "  message id  extension  reason",
        "  9001        376557052  write failed: FIELD_CUSTOM_VALIDATION_EXCEPTION");
  }

  @Test
  void rowCountsAreSingularForOneRow() {
    assertThat(ConsoleReport.rows(0)).isEqualTo("0 rows");
    assertThat(ConsoleReport.rows(1)).isEqualTo("1 row");
    assertThat(ConsoleReport.rows(12)).isEqualTo("12 rows");
  }

  @Test
  void theNotesCheckAddsTheGroupTextsExtraNotesToTheMatchedTexts() {
    // 993 matched texts, one of them a group text on two records: 994 Notes
    Counts c = new Counts(1000, 0, 805, 188, 7, 0, 72, 0, 0, 0, 0, 922, 0, 0, 1, 1);

    assertThat(ConsoleReport.notesCheck(c)).contains(
        "Notes 994 (created 72 + updated 0 + unchanged 922) = Matter 805 + Intake 188 + 1 more for group texts");
    assertThat(ConsoleReport.groupTextsLine(c)).contains("Group texts: 1 (2 Notes, one per matched Matter/Intake)");
  }

  @Test
  void theNotesCheckNamesTheNotesOfAGroupTextThatFailed() {
    // a group text on two records failed on its second Note: 1 failed text, 1 Note created for it
    Counts c = new Counts(3, 0, 2, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    assertThat(ConsoleReport.notesCheck(c)).contains("Notes 3 (created 3 + updated 0 + unchanged 0) = Matter 2 + Intake 0"
        + " + 1 of group texts that failed (another of their Notes was not written)");
    assertThat(ConsoleReport.groupTextsLine(c)).isEmpty();
  }

  @Test
  void noNotesCheckWhenTheRunCountedNoNote() {
    assertThat(ConsoleReport.notesCheck(Counts.ZERO)).isEmpty();
  }

  private static VerifyReport verify(long expected, long found, List<MessageIssue> missing, long groupTexts,
      long extraNotes, String timeField) {
    Instant from = Instant.parse("2026-09-01T00:00:00Z");
    return new VerifyReport("wave1", from, Instant.parse("2026-11-30T06:10:00Z"), from, from, 1121, expected, found,
        missing, List.of(), Optional.empty(), Map.of(), List.of(), List.of(), 0, List.of(), 0, Optional.empty(),
        groupTexts, extraNotes, timeField);
  }

  @Test
  void verifyExplainsNotesFoundByCreatedDateForTextsOutsideTheWindowSoTheFiguresAddUp() {
    VerifyReport r = verify(994, 999, List.of(), 1, 1, VerifyReport.CREATED_DATE);
    StringWriter s = new StringWriter();

    ConsoleReport.verify(new PrintWriter(s, true), r, new ReportWriter.Written(Map.of("report", "reports/x-verify.json",
        "missing", "reports/x-verify-missing.csv")), List.of());

    assertThat(s.toString()).contains(
        "  should have a Note:      994 (993 texts; 1 group text(s) have 2 Notes, one per matched Matter/Intake)",
        "  rcsync Notes found:      999 = 994 expected + 5 more created since 2026-09-01T00:00:00Z (judged by "
            + "CreatedDate) for texts outside the window; set salesforce.note.messageTimeField to judge by message time");
    assertThat(r.notesNotExpected()).isEqualTo(5);
  }

  @Test
  void verifyWithAMessageTimeFieldSaysWhichFieldPlacedTheUnexpectedNotes() {
    VerifyReport r = verify(10, 11, List.of(new MessageIssue("9", "1", "5025550199", "should have a Note")), 0, 0,
        "Message_Time__c");

    // 10 expected, 1 of them missing: 9 found as expected, 2 more
    assertThat(r.notesNotExpected()).isEqualTo(2);
    assertThat(ConsoleReport.notesFoundDetail(r)).isEqualTo(" = 9 expected + 2 more in the window by Message_Time__c"
        + " whose text it did not expect (gone from RingCentral, filtered or no longer matched)");
  }

  @Test
  void verifyAddsNothingWhenEveryFoundNoteWasExpected() {
    assertThat(ConsoleReport.notesFoundDetail(verify(5, 5, List.of(), 0, 0, "Message_Time__c"))).isEmpty();
  }
}
