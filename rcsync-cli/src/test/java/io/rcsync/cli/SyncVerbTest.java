package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.testkit.fixtures.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncVerbTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static JsonNode json(Path p) throws Exception {
    return JSON.readTree(Files.readString(p));
  }

  @Test
  void theNoSfUserIdWarningIsPrintedOnlyByARunOfThatPersonsWave() {
    TestWorld w = new TestWorld(dir);
    w.write("config/sync-config.json", TestWorld.CONFIG.replace(", \"sfUserId\": \"005UV0000012347AAA\"", ""));

    TestWorld.Result wave1 = w.run("sync", "--backfill", "--since", "2026-04-01", "--dry-run");
    TestWorld.Result wave2 = w.run("sync", "--backfill", "--since", "2026-04-01", "--dry-run", "--wave",
        "wave2_case_managers");
    TestWorld.Result verify = w.run("verify", "--since", "2026-04-01");

    assertThat(wave1.err()).as(wave1.toString()).doesNotContain("no sfUserId");
    assertThat(verify.err()).as(verify.toString()).doesNotContain("no sfUserId");
    assertThat(wave2.err()).as(wave2.toString()).containsOnlyOnce("config: Dana (wave2_case_managers): no sfUserId");
  }

  @Test
  void ctrlCOrSigtermStopsTheSyncSoonWritesTheReportOfEveryTextFetchedAndReleasesTheLock() throws Exception {
    TestWorld w = new TestWorld(dir);
    java.util.List<Runnable> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    Thread[] signal = new Thread[1];
    // pages of 2: the signal comes (as Ctrl-C would, on the JVM's shutdown thread) between Alyssia's first two pages
    io.rcsync.testkit.fake.InMemoryMessageSource messages =
        new io.rcsync.testkit.fake.InMemoryMessageSource(new io.rcsync.core.domain.ApiCalls(), 2);
    for (int i = 0; i < 5; i++) {
      messages.add(Messages.inbound().id("77" + i).extension(TestWorld.ALYSSIA).from("+15028138900")
          .text("text " + i).at(java.time.Instant.parse("2026-04-01T15:00:00Z").plusSeconds(60L * i)).build());
    }
    messages.betweenPages(n -> {
      if (signal[0] == null) {
        signal[0] = new Thread(() -> hooks.forEach(Runnable::run), "test-sigint");
        signal[0].start();
        for (int i = 0; i < 500 && !err.toString().contains("interrupted: stopping"); i++) {
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the hook's interrupt: keep it for the run
            return;
          }
        }
      }
    });
    var env = w.environment().withShutdownHooks(hooks::add, () -> 15) // SIGTERM
        .withAdapters(new io.rcsync.cli.demo.InMemoryAdapters(messages, w.extensions, w.cases, w.notes));
    var cl = io.rcsync.cli.command.RcsyncCommand.commandLine(env);
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));

    int code = cl.execute("sync", "--backfill", "--since", "2026-03-01");
    signal[0].join();

    assertThat(hooks).as("the verb registers its stop with the environment").hasSize(1);
    // the JVM itself exits 143 once the hook returns: the verb and the report say the same (fresh17 #8)
    assertThat(code).as(out + "\n" + err).isEqualTo(143);
    assertThat(out.toString())
        .contains("Run stopped early: interrupted (Ctrl-C, SIGTERM or the service shutting down)")
        .containsPattern("Check: fetched (\\d+) = .*— balanced")
        .containsPattern("interrupted after writing \\d+ Note\\(s\\)(; \\d+ text\\(s\\) not written are in the"
            + " failures CSV)?; re-run the same command to finish");
    assertThat(err.toString()).doesNotContain("did not stop within");
    JsonNode report = json(w.lastReport("-sync.json"));
    assertThat(report.path("aborted").asText()).contains("interrupted (Ctrl-C, SIGTERM");
    assertThat(report.path("exitCode").asInt()).isEqualTo(143);
    assertThat(report.path("balanced").asBoolean()).isTrue();
    assertThat(report.path("totals").path("fetched").asLong()).isBetween(2L, 5L);
    // the hook returned after the lock was released, and the run's thread is no longer interrupted
    assertThat(Files.readString(dir.resolve(".rcsync/sync.lock"))).isEmpty();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    hooks.get(0).run(); // the normal exit's hook returns at once
    assertThat(err.toString()).containsOnlyOnce("interrupted: stopping");
    // a re-run finishes what the stopped one left
    var again = io.rcsync.cli.command.RcsyncCommand.commandLine(env);
    again.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
    again.setErr(new java.io.PrintWriter(new java.io.StringWriter(), true));
    assertThat(again.execute("sync", "--backfill", "--since", "2026-03-01")).isZero();
    assertThat(w.notes.rcsyncNotes()).extracting(n -> n.externalId())
        .contains("rc_msg_770", "rc_msg_771", "rc_msg_772", "rc_msg_773", "rc_msg_774");
  }

  @Test
  void aBackfillWritesNotesAndBalancedReports() throws Exception {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(w.notes.rcsyncNotes()).hasSize(3);
    assertThat(r.out()).contains("ext", "staff", "fetched", "Intaker-filtered", "Matter", "Intake", "unmatched",
        "created", "updated", "failed", "match rate");
    assertThat(r.out()).containsPattern("TOTAL\\s+6\\s+1\\s+2\\s+1\\s+2\\s+0\\s+0\\s+3\\s+0\\s+0\\s+0\\s+50%");
    assertThat(r.out()).contains("Check: fetched 6 = Intaker-filtered 1 + Matter 2 + Intake 1 + unmatched 2 + failed 0 + purged 0 + held 0 — balanced");
    assertThat(r.out()).contains("Skipped: Sara Collins: no RingCentral extension");
    assertThat(r.out()).containsPattern("API calls: ringcentral \\d+, salesforce \\d+");

    JsonNode report = json(w.lastReport("-sync.json"));
    assertThat(report.path("verb").asText()).isEqualTo("sync");
    assertThat(report.path("mode").asText()).isEqualTo("backfill");
    assertThat(report.path("balanced").asBoolean()).isTrue();
    assertThat(report.path("exitCode").asInt()).isZero();
    JsonNode t = report.path("totals");
    assertThat(t.path("fetched").asLong()).isEqualTo(t.path("intakerFiltered").asLong() + t.path("matchedMatter").asLong()
        + t.path("matchedIntake").asLong() + t.path("unmatched").asLong() + t.path("failed").asLong());
    assertThat(report.path("extensions")).hasSize(2);
    assertThat(report.path("apiCalls").path("salesforce").asLong()).isPositive();
    assertThat(report.path("skippedStaff").get(0).asText()).contains("Sara Collins");
    assertThat(report.path("durationMs").isNumber()).isTrue();
    assertThat(r.out()).contains("Report:    reports/" + w.lastReport("-sync.json").getFileName());

    String unmatched = Files.readString(w.lastReport("-sync-unmatched.csv"));
    assertThat(unmatched).startsWith("message_id,extension,counterparty,reason\r\n");
    assertThat(unmatched.split("\r\n")).hasSize(3);
    assertThat(unmatched).contains("9004," + TestWorld.ALYSSIA + ",12345,").contains("9005," + TestWorld.KYLE + ",5029990000,");
    assertThat(Files.readString(w.lastReport("-sync-failures.csv"))).isEqualTo("message_id,extension,counterparty,reason\r\n");
  }

  @Test
  void moreUnmatchedTextsThanTheReportKeepsAreAllRowsOfTheCsvAndCountedInConsoleAndJson() throws Exception {
    TestWorld w = new TestWorld(dir);
    int extra = io.rcsync.core.report.RunReport.STREAMED_SAMPLE + 5;
    for (int i = 0; i < extra; i++) {
      w.messages.add(Messages.inbound().id(String.valueOf(9100 + i)).extension(TestWorld.KYLE).from("22395")
          .text("code " + i).at("2026-04-04T10:00:00Z").build());
    }

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(r.code()).as(r.toString()).isZero();
    int unmatched = 2 + extra;
    String csv = Files.readString(w.lastReport("-sync-unmatched.csv"));
    assertThat(csv.split("\r\n")).as("header + one row per unmatched text").hasSize(1 + unmatched);
    assertThat(csv).contains("9124," + TestWorld.KYLE + ",22395,");
    assertThat(r.out()).contains("-sync-unmatched.csv (" + unmatched + " rows)");
    JsonNode report = json(w.lastReport("-sync.json"));
    assertThat(report.path("unmatchedCount").asLong()).isEqualTo(unmatched)
        .isEqualTo(report.path("totals").path("unmatched").asLong());
    try (var files = Files.list(w.lastReport("-sync.json").getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void reRunningTheSameWindowWritesNothingAndCountsTheNotesUnchanged() throws Exception {
    TestWorld w = new TestWorld(dir);
    w.run("sync", "--backfill", "--since", "2026-03-01");

    TestWorld.Result again = w.run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(again.code()).isZero();
    assertThat(w.notes.rcsyncNotes()).hasSize(3);
    JsonNode totals = json(w.lastReport("-sync.json")).path("totals");
    assertThat(totals.path("created").asLong()).isZero();
    assertThat(totals.path("updated").asLong()).isZero();
    assertThat(totals.path("unchanged").asLong()).isEqualTo(3);
    assertThat(w.notes.upsertCalls()).isEqualTo(1);
    assertThat(w.notes.updateCalls()).isZero();
    assertThat(w.reports("-sync.json")).hasSize(2);
  }

  @Test
  void anUnwritableReportDirectoryStopsTheSyncBeforeAnythingIsWritten() {
    TestWorld w = new TestWorld(dir);
    w.write("blocked", "a file where the reports directory should go");

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01", "--report-dir", "blocked/reports");

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("cannot write reports to blocked/reports", "nothing was done");
    assertThat(w.notes.rcsyncNotes()).isEmpty();
    assertThat(dir.resolve(".rcsync/state.json")).doesNotExist();
  }

  @Test
  void aDryRunWritesNothing() {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01", "--dry-run");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("DRY RUN");
    assertThat(w.notes.size()).isZero();
    assertThat(Files.exists(dir.resolve(".rcsync/state.json"))).isFalse();
  }

  @Test
  void anIncrementalRunPicksUpNewTextsFromTheWatermark() throws Exception {
    TestWorld w = new TestWorld(dir);
    w.run("sync", "--backfill", "--since", "2026-03-01");
    assertThat(w.read(".rcsync/state.json")).contains(TestWorld.ALYSSIA, TestWorld.KYLE);
    w.clock.advance(Duration.ofMinutes(10));
    w.messages.add(Messages.inbound().id("9100").extension(TestWorld.ALYSSIA).from("502-813-8900").text("new one")
        .at(w.clock.instant().minusSeconds(120)).build());
    w.clock.advance(Duration.ofMinutes(1));

    TestWorld.Result r = w.run("sync", "--incremental");

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode report = json(w.lastReport("-sync.json"));
    assertThat(report.path("mode").asText()).isEqualTo("incremental");
    assertThat(report.path("totals").path("created").asLong()).isEqualTo(1);
    assertThat(w.notes.forMessage(MessageId.of("9100"))).isPresent();
    assertThat(w.read(".rcsync/state.json")).contains(w.clock.instant().toString());
  }

  @Test
  void onlyTheNamedExtensionIsSynced() throws Exception {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01", "--ext", "105");

    assertThat(r.code()).isZero();
    JsonNode report = json(w.lastReport("-sync.json"));
    assertThat(report.path("extensions")).hasSize(1);
    assertThat(report.path("extensions").get(0).path("extension").asText()).isEqualTo(TestWorld.KYLE);
  }

  @Test
  void recordFailuresExitOneAndAreListedInTheFailuresCsv() throws Exception {
    TestWorld w = new TestWorld(dir);
    w.notes.failRecord("rc_msg_9006", "FIELD_CUSTOM_VALIDATION_EXCEPTION");

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("failed 1 + purged 0 + held 0 — balanced");
    String failures = Files.readString(w.lastReport("-sync-failures.csv"));
    assertThat(failures).contains("9006," + TestWorld.KYLE + ",5028138900,FIELD_CUSTOM_VALIDATION_EXCEPTION");
  }

  @Test
  void anAuthenticationFailureMidRunExitsThree() throws Exception {
    TestWorld w = new TestWorld(dir);
    w.notes.failAfterCalls(0, ExternalSystemException.Kind.AUTHENTICATION);

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).contains("Run stopped early");
    assertThat(json(w.lastReport("-sync.json")).path("aborted").isTextual()).isTrue();
  }

  @Test
  void aConnectionFailureReadingTextsExitsThree() {
    TestWorld w = new TestWorld(dir);
    w.messages.failAfterPages(0, ExternalSystemException.Kind.CONNECTION);

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).contains("fetch stopped");
  }

  @Test
  void progressIsPlainLinesWhenNotOnATerminal() {
    TestWorld w = new TestWorld(dir);

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(r.err()).contains("reading Alyssia (" + TestWorld.ALYSSIA + ")").doesNotContain("\r");
  }

  @Test
  void progressIsABarOnATerminal() {
    TestWorld w = new TestWorld(dir);
    w.interactive = true;

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(r.err()).contains("\r").contains("2/2 ext");
  }

  @Test
  void aCorruptStateFileIsAClearUsageError() {
    TestWorld w = new TestWorld(dir);
    w.write(".rcsync/state.json", "{\"watermarks\": {\"376557052\": ");

    TestWorld.Result r = w.run("sync", "--incremental");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains(".rcsync/state.json is not valid JSON").contains("delete it");
  }

  @Test
  void secretsInTheEnvironmentNeverReachTheOutput() {
    TestWorld w = new TestWorld(dir);
    String token = "00Dxx0000001gPL!AR8AQJXg5oqT";
    w.env = java.util.Map.of("SF_ACCESS_TOKEN", token);
    w.notes.failRecord("rc_msg_9006", "INVALID_SESSION_ID", "session " + token + " expired", 1);

    TestWorld.Result r = w.run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(r.out() + r.err()).doesNotContain(token);
    assertThat(w.reports("").stream().map(p -> {
      try {
        return Files.readString(p);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    })).noneMatch(s -> s.contains(token));
  }
}
