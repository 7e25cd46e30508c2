package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.port.out.HistorySource.Page;
import io.rcsync.core.port.out.HistorySource.Query;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Measures (not estimates) the Salesforce calls of reading SMS-Magic history: 10,000 SMS History and 2,500 Incoming
 * SMS records, with the default 2,000-record pages and with Salesforce's smallest (200, what two long text fields
 * would force). Call counts are exact; the figures and their ratio are written to {@code target/history-read-calls.txt}.
 */
class HistoryReadCallsMeasurementTest {
  private static final LitifySchema SCHEMA = LitifySchema.defaults();
  private static final Instant T0 = Instant.parse("2022-01-01T00:00:00Z");
  private static final int HISTORY = 10_000;
  private static final int INCOMING = 2_500;

  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  private long callsToReadAll(SalesforceSimulator sim, int batch) {
    HistorySource source = orgs.adapters(sim, SCHEMA).historySource(SmsMagicFieldMap.defaults(), batch);
    long before = orgs.apiCalls.count(ApiCalls.SALESFORCE);
    int records = 0;
    Optional<String> cursor = Optional.empty();
    do {
      Page page = source.read(Query.all(), cursor);
      records += page.records().size();
      cursor = page.next();
    } while (cursor.isPresent());
    assertThat(records).isEqualTo(HISTORY + INCOMING);
    return orgs.apiCalls.count(ApiCalls.SALESFORCE) - before;
  }

  @Test
  void readingTwelveThousandFiveHundredRecordsTakesNineCallsWithDefaultPages() throws IOException {
    SalesforceSimulator sim = orgs.org(
        SalesforceSimulator.builder().schema(OrgSchema.litifyDefaults(SCHEMA).withSmsMagic(SCHEMA)), SCHEMA,
        List.of(), Set.of());
    for (int i = 0; i < HISTORY + INCOMING; i++) {
      boolean history = i < HISTORY;
      SmsMagicRows.insert(sim, new SmsMagicRecord(SalesforceIds.idFor(history ? "a3S" : "a3I", 10 + i), "",
          history ? OrgSchema.SMS_HISTORY : OrgSchema.INCOMING_SMS, history ? Direction.OUTBOUND : Direction.INBOUND,
          "5025550" + (100 + i % 900), "5025550199", "text " + i, T0.plusSeconds(600L * i), Optional.empty(),
          Optional.empty(), Optional.empty(), "", false));
    }

    long large = callsToReadAll(sim, 2_000);
    long small = callsToReadAll(sim, 200);

    // 2 describes + SMS History 5 pages + Incoming SMS 2 pages; with 200: 2 + 50 + 13
    assertThat(large).isEqualTo(9);
    assertThat(small).isEqualTo(65);
    double perThousandLarge = large * 1_000.0 / (HISTORY + INCOMING);
    double perThousandSmall = small * 1_000.0 / (HISTORY + INCOMING);
    String figures = String.format(Locale.ROOT, "SMS-Magic history read, %,d records (%,d SMS History + %,d Incoming "
        + "SMS)%n  batchSize 2000: %d Salesforce calls = %.2f per 1,000 records%n  batchSize 200:  %d calls = %.2f per "
        + "1,000 records%n  ratio 200/2000: %.1fx%n", HISTORY + INCOMING, HISTORY, INCOMING, large, perThousandLarge,
        small, perThousandSmall, (double) small / large);
    Path out = Path.of("target", "history-read-calls.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, figures);
    System.out.print(figures);
  }
}
