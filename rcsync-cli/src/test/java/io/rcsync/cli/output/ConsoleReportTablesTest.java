package io.rcsync.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.report.Counts;
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
}
