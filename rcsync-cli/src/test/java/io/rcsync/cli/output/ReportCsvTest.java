package io.rcsync.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.report.MessageIssue;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ReportCsvTest {
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
}
