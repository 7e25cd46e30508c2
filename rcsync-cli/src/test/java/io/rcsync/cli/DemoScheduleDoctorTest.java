package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import io.rcsync.cli.store.RunLock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoScheduleDoctorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void theInMemoryDemoRunsEveryStepAndItsTotalsBalance() throws Exception {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("demo", "--in-memory", "--dir", "demo");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("== 1/8 Backfill", "== 2/8 Re-run", "== 3/8", "== 4/8 Push", "== 5/8 Verify",
        "== 6/8 Rollback dry run", "== 7/8 Import the firm's SMS-Magic history", "== 8/8 Re-run the import", "Demo OK");
    // issue 15: the demo firm's SMS-Magic history, imported after the backfill (DemoData.SMS_MAGIC_EXPECTED)
    assertThat(r.out()).contains(DemoImportExpectations.summaryLine());
    // the fakes deliver no webhooks: the push step says so instead of pretending
    assertThat(r.out()).contains("skipped: needs the simulators' webhook delivery; run 'rcsync demo' without --in-memory",
        "  push: skipped (needs the simulators' webhook delivery");
    assertThat(r.out()).containsPattern("TOTAL\\s+1020\\s+26\\s+742\\s+173\\s+79\\s+0\\s+0\\s+915\\s+0\\s+0\\s+0\\s+90%");
    assertThat(r.out()).contains("re-run: created 0, updated 0, unchanged 915; incremental: created 8 (matched late 1, delivery failed 1), held 1, purged 1");
    assertThat(r.out()).contains("Rollback DRY RUN: 923 Note(s) would be deleted");
    // the report's path is absolute (the demo's directory is not the working directory), and --dir leaves no temp dir
    assertThat(r.out()).contains("  Demo report: " + dir.resolve("demo/reports").toAbsolutePath() + "/")
        .doesNotContain("  Demo report: reports/").doesNotContain("Left in ");
    // Dana (wave3) has no sfUserId, but the demo runs wave1_intake: no warning about her
    assertThat(r.out() + r.err()).doesNotContain("no sfUserId");
    try (var files = Files.list(dir.resolve("demo/reports"))) {
      Path demoReport = files.filter(p -> p.toString().endsWith("-demo.json")).findFirst().orElseThrow();
      JsonNode report = JSON.readTree(Files.readString(demoReport));
      assertThat(report.path("exitCode").asInt()).isZero();
      assertThat(report.path("steps")).hasSize(8);
      assertThat(report.path("problems")).isEmpty();
    }
  }

  @Test
  void scheduleprintsACrontabLineAtTheHotTierInterval() {
    TestWorld w = new TestWorld(dir);
    w.env = Map.of("PATH", "/opt/sf/bin:/usr/bin:/bin");

    TestWorld.Result r = w.run("schedule", "--format", "cron");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("*/5 * * * * cd " + dir, "sync --incremental --config " + dir.resolve("config/sync-config.json"),
        "PATH=/opt/sf/bin:/usr/bin:/bin", ">> " + dir.resolve("logs/rcsync-sync.log") + " 2>&1", "# rcsync-sync " + dir,
        ".rcsync/sync.lock");
  }

  @Test
  void printingAScheduleCreatesTheLogDirectoryTheJobWritesTo() {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("schedule", "--format", "cron");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(dir.resolve("logs")).isDirectory();
  }

  @Test
  void theScheduledSyncReportsAndLocksWhereTheOperatorAsked() {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("schedule", "--format", "cron", "--report-dir", "out/reports", "--state-file", "var/state.json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("--report-dir " + dir.resolve("out/reports"), "--state-file " + dir.resolve("var/state.json"),
        "lock var/sync.lock");
  }

  @Test
  void percentSignsInTheCronLineAreEscapedSoCronRunsTheWholeCommand() {
    TestWorld w = new TestWorld(dir);
    w.env = Map.of("PATH", "/opt/100%/bin:/usr/bin");

    TestWorld.Result r = w.run("schedule", "--format", "cron");

    String line = r.out().lines().filter(l -> l.startsWith("*/5")).findFirst().orElseThrow();
    assertThat(line).contains("/opt/100\\%/bin").doesNotContainPattern("[^\\\\]%");
  }

  @Test
  void scheduleInstallsALaunchdAgentIntoHome() throws Exception {
    TestWorld w = new TestWorld(dir);
    w.env = Map.of("HOME", dir.resolve("home").toString(), "PATH", "/usr/local/bin:/usr/bin");

    TestWorld.Result r = w.run("schedule", "--format", "launchd", "--install");

    assertThat(r.code()).as(r.toString()).isZero();
    Path plist = dir.resolve("home/Library/LaunchAgents/io.rcsync.sync.plist");
    String text = Files.readString(plist);
    assertThat(text).contains("<key>StartInterval</key>", "<integer>300</integer>", "<string>--incremental</string>",
        "<string>" + dir + "</string>", "rcsync-sync.log", "/usr/local/bin:/usr/bin");
    assertThat(r.out()).contains("launchctl load -w " + plist);
    assertThat(w.reports("-schedule.json")).hasSize(1);
  }

  @Test
  void doctorPassesOnAHealthySetupAndWarnsAboutStaffWithoutExtension() throws Exception {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("doctor");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("PASS  config", "PASS  RingCentral login", "PASS  extension of Alyssia (wave1_intake)",
        "WARN  extension of Sara Collins", "PASS  Salesforce login", "PASS  field litify_pm__lit_Note__c.External_Id__c",
        "0 failed: ready to sync.");
    assertThat(r.out()).contains("PASS  Note body litify_pm__lit_Note__c.litify_pm__lit_Note__c: plain text (Long Text Area)");
    assertThat(w.reports("-doctor.json")).hasSize(1);
  }

  @Test
  void doctorNamesTheServeHoldingTheRunLockAndSaysASyncWouldBeRefused() {
    TestWorld w = new TestWorld(dir);
    try (RunLock lock = RunLock.acquire(dir.resolve(".rcsync/sync.lock"), ".rcsync/sync.lock",
        "serve --listen 127.0.0.1:8080", java.time.Duration.ofMinutes(30), w.clock, x -> {})) {
      long pid = ProcessHandle.current().pid();

      TestWorld.Result r = w.run("doctor");

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("WARN  run lock: .rcsync/sync.lock is held by pid " + pid,
          "(serve --listen 127.0.0.1:8080)", "a sync or backfill started now is refused until it ends",
          "fix: nothing: 'rcsync serve' syncs on its own",
          "0 failed: ready, but 'serve --listen 127.0.0.1:8080' (pid " + pid + ") holds the run lock, so a sync "
              + "started now is refused until it stops.")
          .doesNotContain("one that crashed", "ready to sync.");
    }
  }

  @Test
  void doctorTellsALockLeftByARunThatEndedFromOneHeld() throws Exception {
    TestWorld w = new TestWorld(dir);
    // a pid that cannot be alive: the lock's record of a run that crashed without releasing it
    w.write(".rcsync/sync.lock", "{\"pid\": " + Long.MAX_VALUE + ", \"host\": \"" + hostName()
        + "\", \"startedAt\": \"2026-04-10T11:00:00Z\", \"heartbeat\": \"2026-04-10T11:00:00Z\", "
        + "\"command\": \"sync --incremental\"}\n");

    TestWorld.Result r = w.run("doctor");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("WARN  run lock: .rcsync/sync.lock was left by pid " + Long.MAX_VALUE,
        "(sync --incremental)", "which is no longer running: the next run takes the lock over", "ready to sync.");
  }

  private static String hostName() throws Exception {
    java.lang.reflect.Method m = RunLock.class.getDeclaredMethod("hostName");
    m.setAccessible(true);
    return (String) m.invoke(null);
  }

  @Test
  void doctorNamesAnExtensionTheAccountDoesNotHaveAndHowToFixIt() {
    TestWorld w = new TestWorld(dir);
    w.write("config/sync-config.json", TestWorld.CONFIG.replace("376557053", "376557999"));

    TestWorld.Result r = w.run("doctor");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).contains("FAIL  extension of Kyle Haney (wave1_intake): extension id 376557999 is not in the RingCentral account",
        "fix: correct extensionId for Kyle Haney in waves.wave1_intake, entry 2 (the numeric id")
        .doesNotContain("[1]");
  }

  @Test
  void doctorWithABrokenConfigFailsThatCheckOnly() {
    TestWorld w = new TestWorld(dir);
    w.write("config/sync-config.json", "{ \"activeWave\": ");

    TestWorld.Result r = w.run("doctor");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).contains("FAIL  config: config/sync-config.json is not valid JSON at line 1, column 17: the file ends", "fix: edit the file");
  }
}
