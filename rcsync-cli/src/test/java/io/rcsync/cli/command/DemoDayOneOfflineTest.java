package io.rcsync.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.demo.SimulatorDemoWorld;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * fresh14 #2: Day one practised offline. {@code demo --keep-running}'s {@code demo-env.sh} carries the RingCentral
 * variables as well as Salesforce's, so {@code init} works in a fresh, empty directory after sourcing it, and the
 * hints list the Day-one commands in their short {@code rcsync ...} form.
 */
class DemoDayOneOfflineTest {
  private static final Pattern EXPORT = Pattern.compile("^export ([A-Z_]+)='([^']*)'$");

  @TempDir
  Path demoDir;

  @TempDir
  Path freshDir;

  @Test
  void afterSourcingDemoEnvInitWorksInAFreshEmptyDirectory() throws Exception {
    DemoDataset data = DemoData.generate(42, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    ConfigFile config = ConfigLoader.parseFile("demo", DemoData.demoConfigJson(data));
    try (SimulatorDemoWorld sims = SimulatorDemoWorld.start(data, config, demoDir, Clock.systemUTC())) {
      Path script = DemoVerb.writeEnvScript(demoDir, sims);

      assertThat(Files.getPosixFilePermissions(script)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      Map<String, String> env = new LinkedHashMap<>();
      for (String line : Files.readAllLines(script)) {
        Matcher m = EXPORT.matcher(line);
        if (m.matches()) {
          env.put(m.group(1), m.group(2));
        }
      }
      assertThat(env).containsOnlyKeys("SF_ACCESS_TOKEN", "SF_INSTANCE_URL", "RC_CLIENT_ID", "RC_CLIENT_SECRET",
          "RC_JWT", "RC_SERVER_URL");
      env.put("PATH", "/usr/bin:/bin");

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cl = RcsyncCommand.commandLine(CliEnvironment.of(freshDir).withEnv(env)
          .withAdapters(sims.adapters()));
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int code = cl.execute("init", "--target-org", "demo");

      assertThat(code).as(out + "\n" + err).isZero();
      assertThat(Files.exists(freshDir.resolve(".credentials"))).as("no credentials file was needed").isFalse();
      ConfigFile written = ConfigLoader.read(freshDir.resolve("config/sync-config.json"), "config/sync-config.json");
      assertThat(written.sync().roster().wave("wave1").members())
          .hasSize(DemoData.INIT_EXPECTED.enabledUserExtensions());
      assertThat(out.toString()).contains("--target-org demo was ignored for this run");
    }
  }

  @Test
  void theHintsListTheDayOneCommandsInTheirShortForm() {
    List<String> hints = DemoVerb.keepRunningHints("rcsync", Path.of("/tmp/demo"), "2026-09-01");

    assertThat(hints).contains("  mkdir day1 && cd day1", "  . /tmp/demo/demo-env.sh      # the RC_* variables stand "
        + "in for .credentials/", "  rcsync doctor", "  rcsync sync --backfill --since 2026-09-01 --dry-run",
        "  rcsync sync --backfill --since 2026-09-01", "  rcsync schedule --format cron",
        "  rcsync verify --since 2026-09-01")
        .anySatisfy(l -> assertThat(l).startsWith("  rcsync init --target-org demo"))
        .anySatisfy(l -> assertThat(l).startsWith("  rcsync transcript --record " + DemoData.TEST_MATTER.value()));
    assertThat(hints).noneMatch(l -> l.contains("/usr/bin/env"));
  }
}
