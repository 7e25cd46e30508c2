package io.rcsync.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

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
}
