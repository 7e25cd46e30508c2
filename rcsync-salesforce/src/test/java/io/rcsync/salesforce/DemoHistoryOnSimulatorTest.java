package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.port.out.HistorySource.Page;
import io.rcsync.core.port.out.HistorySource.Query;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.demo.DemoSmsMagicHistory;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo firm's SMS-Magic history seeded into the simulated org reads back, with the default field map, as exactly
 * the records the demo data says a source reads; and what that read costs in Salesforce calls.
 */
class DemoHistoryOnSimulatorTest {
  private static final Instant NOW = Instant.parse("2026-04-20T12:00:00Z");
  private final SimulatorOrgs orgs = new SimulatorOrgs();

  @AfterEach
  void closeOrgs() {
    orgs.close();
  }

  @Test
  void theDemoHistoryReadsBackAsTheDocumentedRecordsInTwoDescribesAndTwoQueries() {
    DemoDataset data = DemoData.generate(2026, NOW);
    DemoSmsMagicHistory history = DemoData.smsMagicHistory(data);
    LitifySchema schema = LitifySchema.defaults();
    SalesforceSimulator sim = orgs.org(
        SalesforceSimulator.builder().schema(OrgSchema.litifyDefaults(schema).withSmsMagic(schema)), schema,
        data.cases(), data.users());
    history.rows().forEach(r -> sim.insert(r.object(), r.values()));
    sim.resetCounters();
    HistorySource source = orgs.adapters(sim, schema).historySource(SmsMagicFieldMap.defaults());
    long before = orgs.apiCalls.count(ApiCalls.SALESFORCE);

    List<SmsMagicRecord> read = new ArrayList<>();
    List<HistorySource.Rejected> rejected = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      Page page = source.read(Query.all(), cursor);
      read.addAll(page.records());
      rejected.addAll(page.rejected());
      cursor = page.next();
    } while (cursor.isPresent());

    assertThat(rejected).isEmpty();
    // the org source reads Incoming SMS first (fixedInboundFirst), each object in creation order
    List<SmsMagicRecord> expected = new ArrayList<>(history.records());
    expected.sort(java.util.Comparator.comparing(r -> !r.object().equals(SmsMagicFieldMap.incomingSms().object())));
    assertThat(read).containsExactlyElementsOf(expected);
    assertThat(read).hasSize(DemoData.SMS_MAGIC_EXPECTED.read());
    assertThat(source.warnings()).isEmpty();
    assertThat(orgs.apiCalls.count(ApiCalls.SALESFORCE) - before).isEqualTo(4);
  }
}
