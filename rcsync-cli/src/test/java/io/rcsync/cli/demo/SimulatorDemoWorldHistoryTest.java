package io.rcsync.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.sim.salesforce.OrgSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's simulated org still holds the firm's SMS-Magic history (issue 15), as the demo data documents it. */
class SimulatorDemoWorldHistoryTest {
  @TempDir
  Path dir;

  @Test
  void theDemoOrgHoldsTheFirmsSmsMagicHistory() {
    Instant now = Instant.parse("2026-04-20T12:00:00Z");
    DemoDataset data = DemoData.generate(42, now);
    ConfigFile config = ConfigLoader.parseFile("demo", DemoData.demoConfigJson(data));

    try (SimulatorDemoWorld world = SimulatorDemoWorld.start(data, config, dir, Clock.systemUTC())) {
      var expected = DemoData.SMS_MAGIC_EXPECTED;
      assertThat(world.salesforce().count(OrgSchema.SMS_HISTORY))
          .isEqualTo(expected.smsHistoryOut() + expected.smsHistoryIn());
      assertThat(world.salesforce().count(OrgSchema.INCOMING_SMS)).isEqualTo(expected.incomingSms());
      assertThat(world.rcsyncNotes()).isZero();
    }
  }
}
