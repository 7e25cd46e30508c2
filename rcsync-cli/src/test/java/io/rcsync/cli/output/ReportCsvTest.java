package io.rcsync.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.report.FileIssue;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.MissingFile;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ReportCsvTest {
  @Test
  void aDeduplicatedRowNamesBothKeysAndIsMaskedAndNeutralisedLikeEveryRow() throws Exception {
    io.rcsync.core.report.DeduplicatedText d = new io.rcsync.core.report.DeduplicatedText(
        "smsmagic_a3S000000000004EAA", "rc_msg_9001", "5028138900", "same text as rc_msg_9001 (time 60 s apart)");
    io.rcsync.core.report.DeduplicatedText formula = new io.rcsync.core.report.DeduplicatedText(
        "smsmagic_a3S000000000005EAA", "smsmagic_a3I000000000001EAA", "+1+cmd|' /c calc'!A0", "=SECRET");

    String csv = ReportCsv.deduplicated(List.of(d, formula), s -> s.replace("SECRET", "****"));
    java.io.StringWriter streamed = new java.io.StringWriter();
    try (var rows = ReportCsv.deduplicatedStream(streamed)) {
      rows.write(ReportCsv.deduplicatedRow(d, s -> s.replace("SECRET", "****")));
      rows.write(ReportCsv.deduplicatedRow(formula, s -> s.replace("SECRET", "****")));
    }

    assertThat(csv).isEqualTo("history_key,kept_key,counterparty,reason\r\n"
        + "smsmagic_a3S000000000004EAA,rc_msg_9001,5028138900,same text as rc_msg_9001 (time 60 s apart)\r\n"
        + "smsmagic_a3S000000000005EAA,smsmagic_a3I000000000001EAA,'+1+cmd|' /c calc'!A0,'=****\r\n");
    assertThat(streamed.toString()).as("the streamed file is byte for byte the in-memory one").isEqualTo(csv);
  }

  @Test
  void anImportsIssueCsvNamesItsSecondColumnOwnerStreamedOrNot() throws Exception {
    List<MessageIssue> rows = List.of(new MessageIssue("a3S000000000001EAA", "005UV0000012346AAA", "5029990001",
        "no Matter or Intake holds this number"));

    String csv = ReportCsv.ownerIssues(rows, UnaryOperator.identity());
    java.io.StringWriter streamed = new java.io.StringWriter();
    try (var w = ReportCsv.ownerIssueStream(streamed)) {
      w.write(ReportCsv.issueRow(rows.get(0), UnaryOperator.identity()));
    }

    assertThat(csv).isEqualTo("message_id,owner,counterparty,reason\r\n"
        + "a3S000000000001EAA,005UV0000012346AAA,5029990001,no Matter or Intake holds this number\r\n");
    assertThat(streamed.toString()).isEqualTo(csv);
    // a sync's keep the extension
    assertThat(ReportCsv.issues(rows, UnaryOperator.identity())).startsWith("message_id,extension,counterparty,reason");
  }

  @Test
  void aMissingValueIsAnEmptyCellNotACrash() {
    String csv = ReportCsv.issues(List.of(new MessageIssue("m-1", "101", null, null)), UnaryOperator.identity());

    assertThat(csv).isEqualTo("message_id,extension,counterparty,reason\r\nm-1,101,,\r\n");
  }

  @Test
  void longTextWithSpacesIsQuotedOnlyWhenItMustBe() {
    String reason = "no Matter or Intake holds this number and none of its variants either";

    String csv = ReportCsv.issues(List.of(new MessageIssue("m-1", "101", "+1 555 0100", reason)), UnaryOperator.identity());

    assertThat(csv).endsWith("\r\nm-1,101,+1 555 0100," + reason + "\r\n");
  }

  @Test
  void secretsAreMaskedBeforeTheRecordIsSplitOff() {
    String csv = ReportCsv.recordFailures(List.of("a0B000000000001: denied for SECRET"), s -> s.replace("SECRET", "****"));

    assertThat(csv).isEqualTo("record,reason\r\na0B000000000001,denied for ****\r\n");
  }

  @Test
  void aFreeTextCellThatASpreadsheetWouldReadAsAFormulaGetsAQuoteInFront() {
    for (String formula : List.of("=HYPERLINK(\"http://x\")", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd")) {
      assertThat(ReportCsv.text(formula)).as(formula).isEqualTo("'" + formula);
    }
    assertThat(ReportCsv.text("plain reason")).isEqualTo("plain reason");
    assertThat(ReportCsv.text("a=b")).isEqualTo("a=b");
    assertThat(ReportCsv.text("")).isEmpty();
    assertThat(ReportCsv.text(null)).isNull();
  }

  @Test
  void aPhoneOrNumberCellStaysAsItIsUnlessItIsNotAPlainNumber() {
    assertThat(ReportCsv.number("+1 (555) 123-0009")).isEqualTo("+1 (555) 123-0009");
    assertThat(ReportCsv.number("+15551230001")).isEqualTo("+15551230001");
    assertThat(ReportCsv.number("-12")).isEqualTo("-12");
    assertThat(ReportCsv.number("2048")).isEqualTo("2048");
    assertThat(ReportCsv.number("+1+cmd|' /c calc'!A0")).isEqualTo("'+1+cmd|' /c calc'!A0");
    assertThat(ReportCsv.number("=1+1")).isEqualTo("'=1+1");
  }

  @Test
  void everyCsvNeutralisesItsFreeTextCells() {
    String issues = ReportCsv.issues(List.of(new MessageIssue("m-1", "101", "+15550100", "=cmd|' /C calc'!A0")),
        UnaryOperator.identity());
    assertThat(issues).endsWith("\r\nm-1,101,+15550100,'=cmd|' /C calc'!A0\r\n");

    String failures = ReportCsv.recordFailures(List.of("a0B000000000001: @SUM(1)"), UnaryOperator.identity());
    assertThat(failures).endsWith("\r\na0B000000000001,'@SUM(1)\r\n");

    String attachments = ReportCsv.attachments(List.of(new FileIssue("1", "101", "7", "=evil.jpg", "image/jpeg", 10L,
        "rc_msg_1", FileIssue.Outcome.FAILED, "-x")), UnaryOperator.identity());
    assertThat(attachments).contains(",'=evil.jpg,image/jpeg,10,rc_msg_1,").endsWith(",'-x\r\n");

    String missing = ReportCsv.missingFiles(List.of(new MissingFile("1", "rc_msg_1", "7", "+evil.jpg", "no file")),
        UnaryOperator.identity());
    assertThat(missing).isEqualTo("messageId,noteExternalId,attachmentId,fileName,reason\r\n"
        + "1,rc_msg_1,7,'+evil.jpg,no file\r\n");
  }
}
