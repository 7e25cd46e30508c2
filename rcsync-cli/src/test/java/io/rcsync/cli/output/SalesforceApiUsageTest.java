package io.rcsync.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.port.out.ApiQuota.Usage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The run report's API-usage line and JSON when Salesforce reported usage only part of the time, or never. */
class SalesforceApiUsageTest {
  @Test
  void theLineNamesBeforeAfterAndTheReserve() {
    SalesforceApiUsage api = new SalesforceApiUsage(Optional.of(new Usage(13_400, 15_000)),
        Optional.of(new Usage(13_600, 15_000)), 10);
    assertThat(api.line())
        .isEqualTo("Salesforce API usage: 13,400 of 15,000 before the run, 13,600 after (10% reserve: 1,500)");
    assertThat(api.json()).isEqualTo(new SalesforceApiUsage.Json(13_400L, 13_600L, 15_000L, 10));
  }

  @Test
  void aSideSalesforceDidNotReportIsUnknownInTheLineAndNullInTheJson() {
    SalesforceApiUsage api = new SalesforceApiUsage(Optional.empty(), Optional.of(new Usage(7, 5_000)), 20);
    assertThat(api.known()).isTrue();
    assertThat(api.line()).isEqualTo("Salesforce API usage: unknown of 5,000 before the run, 7 after (20% reserve: 1,000)");
    assertThat(api.json()).isEqualTo(new SalesforceApiUsage.Json(null, 7L, 5_000L, 20));
  }

  @Test
  void noUsageAtAllIsNotKnownSoNothingIsWritten() {
    assertThat(new SalesforceApiUsage(Optional.empty(), Optional.empty(), 10).known()).isFalse();
  }
}
