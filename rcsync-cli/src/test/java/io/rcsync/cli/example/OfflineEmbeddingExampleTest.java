package io.rcsync.cli.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.RcSync;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.report.RunReport;
import io.rcsync.ringcentral.RingCentralConfig;
import io.rcsync.ringcentral.RingCentralCredentials;
import io.rcsync.ringcentral.RingCentralExtensionDirectory;
import io.rcsync.ringcentral.RingCentralMessageSource;
import io.rcsync.salesforce.SalesforceAdapters;
import io.rcsync.salesforce.SalesforceConfig;
import io.rcsync.salesforce.StaticTokenAuth;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of docs/testing-offline.md, kept compiling and passing: another firm tool runs the real adapters
 * against the testkit's simulators, with no credentials and no network.
 */
class OfflineEmbeddingExampleTest {

  @Test
  void anotherToolRunsTheRealAdaptersAgainstTheSimulators(@TempDir Path dir) throws Exception {
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    DemoDataset firm = DemoData.generate(42, now);
    SyncConfig config = ConfigLoader.parse("demo-config.json", firm.configJson());

    try (RingCentralSimulator rc = RingCentralSimulator.builder().noRateLimits().build().start();
        SalesforceSimulator sf = SalesforceSimulator.litify(config.schema()).build().start()) {
      rc.addExtensions(firm.extensions());
      rc.addMessages(firm.allMessages());
      firm.users().forEach(sf::addUser);
      sf.seedCases(firm.cases(), config.schema());

      Path credentials = Files.writeString(dir.resolve("rc-credentials.json"), rc.credentialsJson());
      ApiCalls calls = new ApiCalls();
      RingCentralConfig rcConfig = RingCentralConfig.ofDefaults(RingCentralCredentials.load(credentials, Map.of()));
      SalesforceAdapters salesforce = SalesforceAdapters.create(
          SalesforceConfig.builder().schema(config.schema()).build(),
          new StaticTokenAuth(sf.instanceUrl(), sf.issueToken()), calls);

      RcSync rcsync = RcSync.builder()
          .config(config)
          .messageSource(RingCentralMessageSource.create(rcConfig, calls))
          .extensionDirectory(RingCentralExtensionDirectory.create(rcConfig, calls))
          .caseDirectory(salesforce.newCaseDirectory())
          .noteSink(salesforce.noteSink())
          .noteStore(salesforce.noteStore())
          .apiCalls(calls)
          .build();

      RunReport report = rcsync.sync(SyncCommand.backfill(DemoData.WAVE1, now.minus(Duration.ofDays(60)), now, false));

      assertThat(report.totals().balanced()).isTrue();
      assertThat(report.totals().fetched()).isEqualTo(1020);
      assertThat(report.totals().created()).isEqualTo(915);
      assertThat(report.totals().failed()).isZero();
      assertThat(report.apiCalls().get(ApiCalls.SALESFORCE)).isLessThanOrEqualTo(10);
    }
  }
}
