package io.rcsync.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.RcSync;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.report.Counts;
import io.rcsync.core.report.RunReport;
import io.rcsync.salesforce.SalesforceConfig;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.fake.InMemoryExtensionDirectory;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator.Endpoint;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's Salesforce budget for the demo firm's wave1 60-day backfill (1,020 texts, 915 Notes), through the Salesforce
 * ports the CLI wires ({@link LiveAdapters}) on the Salesforce simulator, counted by the simulator: one call for the
 * lookups (the Matter/Intake statements, with the Note existence lookup and the Note describe riding in the same
 * composite call) and one for the writes (five 200-record collections in one composite call). RingCentral is the
 * in-memory source: its calls are not what is measured here.
 */
class Wave1SalesforceCallsTest {
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final DemoDataset demo = DemoData.generate(2026, now);
  private final ConfigFile config = ConfigLoader.parseFile("sync-config.json", demo.configJson());
  private final SyncCommand wave1 = SyncCommand.backfill(DemoData.WAVE1, DemoData.historyStart(now), null, false);
  private SalesforceSimulator sf;

  @BeforeEach
  void start() {
    sf = SalesforceSimulator.litify(config.sync().schema()).build().start();
    demo.users().forEach(sf::addUser);
    sf.seedCases(demo.cases(), config.sync().schema());
    sf.resetCounters();
  }

  @AfterEach
  void stop() {
    sf.close();
  }

  /** One CLI run's worth of ports (fresh lookup caches, a fresh sink) on the simulator. */
  private RunReport run(UnaryOperator<SalesforceConfig.Builder> options) {
    ApiCalls calls = new ApiCalls();
    CliEnvironment env = CliEnvironment.of(Path.of("."))
        .withEnv(Map.of("SF_ACCESS_TOKEN", sf.issueToken(), "SF_INSTANCE_URL", sf.instanceUrl()));
    SalesforcePorts ports = new LiveAdapters(options).salesforce(config, Optional.empty(), env, calls);
    List<SmsMessage> texts = demo.messages().values().stream().flatMap(List::stream).toList();
    RcSync rcsync = RcSync.builder().settings(config.sync().toSettings())
        .messageSource(InMemoryMessageSource.holding(texts))
        .extensionDirectory(InMemoryExtensionDirectory.holding(demo.extensions()))
        .caseDirectory(ports.cases()).noteSink(ports.sink()).noteStore(ports.store()).apiCalls(calls).build();
    sf.resetCounters();
    RunReport report = rcsync.sync(wave1);
    assertThat(report.aborted()).isEmpty();
    assertThat(report.totals().balanced()).isTrue();
    assertThat(report.totals().failed()).isZero();
    assertThat(report.apiCalls().get(ApiCalls.SALESFORCE)).as("the adapter counts what the org received")
        .isEqualTo(sf.totalCalls());
    return report;
  }

  private void assertWave1Matched(Counts t) {
    DemoData.Expected e = DemoData.WAVE1_EXPECTED;
    assertThat(t.fetched()).isEqualTo(e.fetched());
    assertThat(t.matchedMatter()).isEqualTo(e.matchedMatter());
    assertThat(t.matchedIntake()).isEqualTo(e.matchedIntake());
    assertThat(t.unmatched()).isEqualTo(e.unmatched());
    assertThat(sf.count(config.sync().schema().noteObject())).isEqualTo(e.notes());
  }

  @Test
  void theWave1BackfillTakesTwoSalesforceCallsOneForLookupsOneForWritesAndItsReRunOne() {
    RunReport backfill = run(UnaryOperator.identity());

    assertWave1Matched(backfill.totals());
    assertThat(backfill.totals().created()).isEqualTo(DemoData.WAVE1_EXPECTED.notes());
    assertThat(sf.totalCalls()).isEqualTo(2);
    assertThat(sf.calls(Endpoint.COMPOSITE)).isEqualTo(2);
    assertThat(sf.subrequests(Endpoint.DESCRIBE)).as("the Note describe rode in the lookup call").isEqualTo(1);
    assertThat(sf.subrequests(Endpoint.QUERY)).as("Matter, Intake and Note existence statements").isEqualTo(3);
    assertThat(sf.subrequests(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(5);

    RunReport rerun = run(UnaryOperator.identity());

    assertThat(rerun.totals().unchanged()).isEqualTo(DemoData.WAVE1_EXPECTED.notes());
    assertThat(rerun.totals().created() + rerun.totals().updated()).isZero();
    assertThat(sf.totalCalls()).as("the lookups only: nothing to write").isEqualTo(1);
  }

  @Test
  void withCompositeBatchingOffTheWritesTakeOneCallPerCollectionAndTheLookupsStillOne() {
    RunReport backfill = run(b -> b.compositeBatching(false));

    assertWave1Matched(backfill.totals());
    assertThat(sf.totalCalls()).isEqualTo(1 + 5);
    assertThat(sf.calls(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(5);
  }

  @Test
  void withCompositeQueriesOffEveryStatementIsAGetAndTheSinkLooksUpAndDescribesOnItsOwn() {
    RunReport backfill = run(b -> b.compositeQueries(false));

    assertWave1Matched(backfill.totals());
    assertThat(sf.calls(Endpoint.DESCRIBE)).isEqualTo(1);
    assertThat(sf.calls(Endpoint.COMPOSITE)).as("the write only").isEqualTo(1);
    assertThat(sf.subrequests(Endpoint.QUERY) + sf.subrequests(Endpoint.DESCRIBE)).isZero();
    assertThat(sf.calls(Endpoint.QUERY)).isGreaterThan(2);

    RunReport rerun = run(b -> b.compositeQueries(false));
    assertThat(rerun.totals().unchanged()).isEqualTo(DemoData.WAVE1_EXPECTED.notes());
  }
}
