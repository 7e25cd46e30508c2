package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 13, quota reserve: the CLI on its live adapters against simulators whose org starts near its daily API limit.
 * A sync stops cleanly before spending the reserve (exit 1, one line naming the usage and the reserve, nothing
 * written), the next run with quota to spare writes everything once, and doctor shows the usage.
 */
class ApiQuotaReserveSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STOP_LINE = "Salesforce API usage 13,500 of 15,000 today is within the 10% reserve "
      + "(1,500): stopped before writing; the next run resumes";

  @TempDir
  Path dir;

  TestWorld w;
  RingCentralSimulator rc;
  SalesforceSimulator sf;
  Map<String, String> env;

  /** The org has used {@code used} of 15,000 calls today; TestWorld's six texts are in RingCentral. */
  private void start(long used) throws Exception {
    w = new TestWorld(dir);
    rc = RingCentralSimulator.builder().noRateLimits().build().start();
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.ALYSSIA), "104", "Alyssia", "Enabled"));
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.KYLE), "105", "Kyle Haney", "Enabled"));
    rc.addMessages(w.messages.messagesOf(ExtensionId.of(TestWorld.ALYSSIA)));
    rc.addMessages(w.messages.messagesOf(ExtensionId.of(TestWorld.KYLE)));
    sf = SalesforceSimulator.litify(w.config.schema()).apiUsage(used, 15_000).build().start();
    List.of(TestWorld.ALYSSIA_USER, TestWorld.KYLE_USER, TestWorld.DANA_USER).forEach(sf::addUser);
    sf.seedCases(List.of(TestWorld.MATTER, TestWorld.INTAKE), w.config.schema());
    w.write(".credentials/rc-credentials.json", rc.credentialsJson());
    Files.setPosixFilePermissions(dir.resolve(".credentials/rc-credentials.json"),
        PosixFilePermissions.fromString("rw-------"));
    env = Map.of("SF_ACCESS_TOKEN", sf.issueToken(), "SF_INSTANCE_URL", sf.instanceUrl());
  }

  @AfterEach
  void stop() {
    if (rc != null) {
      rc.close();
    }
    if (sf != null) {
      sf.close();
    }
  }

  private TestWorld.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment e = CliEnvironment.of(dir).withEnv(env).withClock(w.clock).withAdapters(new LiveAdapters());
    CommandLine cl = RcsyncCommand.commandLine(e);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  private long notes() {
    return sf.records(w.config.schema().noteObject()).stream()
        .filter(r -> String.valueOf(r.get("External_Id__c")).startsWith("rc_msg_")).count();
  }

  private JsonNode lastSync() throws Exception {
    return JSON.readTree(Files.readString(w.lastReport("-sync.json")));
  }

  @Test
  void aSyncThatStartsAtTheReserveStopsBeforeWritingAndTheNextRunWritesEverythingOnce() throws Exception {
    // the login check is call 13,500 of 15,000: the 10% reserve (1,500) is reached, so no lookup or write is sent
    start(13_499);

    TestWorld.Result stopped = run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(stopped.code()).as(stopped.toString()).isEqualTo(1);
    assertThat(stopped.out()).contains("Run stopped early: " + STOP_LINE);
    assertThat(stopped.out().lines().filter(l -> l.startsWith("Run stopped early"))).hasSize(1);
    // every text is counted: the ones the stop left unlooked-up are failed with the same reason, for the next run
    assertThat(stopped.out()).contains("Matter/Intake lookup failed: " + STOP_LINE);
    assertThat(notes()).isZero();
    assertThat(sf.dailyApiRequestsRemaining()).as("nothing spent after the login check").isEqualTo(1_500);
    JsonNode report = lastSync();
    assertThat(report.path("aborted").asText()).isEqualTo(STOP_LINE);
    assertThat(report.path("balanced").asBoolean()).isTrue();
    assertThat(report.path("totals").path("fetched").asLong()).isEqualTo(6);
    assertThat(report.path("totals").path("created").asLong()).isZero();
    assertThat(report.path("salesforceApi").path("usedBefore").asLong()).isEqualTo(13_500);
    assertThat(report.path("salesforceApi").path("usedAfter").asLong()).isEqualTo(13_500);
    assertThat(report.path("salesforceApi").path("max").asLong()).isEqualTo(15_000);
    assertThat(report.path("salesforceApi").path("reservePercent").asInt()).isEqualTo(10);

    // the rolling 24 hours moved on: the org has quota again
    sf.setDailyApiRequestsRemaining(10_000);
    w.clock.advance(Duration.ofMinutes(10));
    TestWorld.Result resumed = run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(lastSync().path("totals").path("created").asLong()).isEqualTo(3);
    assertThat(notes()).isEqualTo(3);
    assertThat(resumed.out()).containsPattern("Salesforce API usage: 5,001 of 15,000 before the run, [0-9,]+ after "
        + "\\(10% reserve: 1,500\\)");

    w.clock.advance(Duration.ofMinutes(1));
    TestWorld.Result rerun = run("sync", "--backfill", "--since", "2026-03-01");
    assertThat(rerun.code()).isZero();
    assertThat(lastSync().path("totals").path("unchanged").asLong()).isEqualTo(3);
    assertThat(notes()).as("nothing duplicated").isEqualTo(3);
  }

  @Test
  void anIncrementalRunStoppedAtTheReserveHoldsItsWatermarksSoTheNextRunWritesTheTexts() throws Exception {
    start(0);
    w.clock.advance(Duration.ofMinutes(1));
    // a first incremental run on an org with quota sets the watermarks
    assertThat(run("sync", "--incremental").code()).isZero();
    long before = notes();

    w.clock.advance(Duration.ofMinutes(5));
    rc.addMessages(List.of(io.rcsync.testkit.fixtures.Messages.inbound().id("9200").extension(TestWorld.KYLE)
        .from("502.555.0199").text("Is my intake done?").at(w.clock.instant().minusSeconds(60)).build()));
    sf.setDailyApiRequestsRemaining(1_501); // the login check leaves 1,500: the reserve
    TestWorld.Result stopped = run("sync", "--incremental");

    assertThat(stopped.code()).as(stopped.toString()).isEqualTo(1);
    assertThat(stopped.out()).contains("within the 10% reserve (1,500): stopped before writing; the next run resumes");
    assertThat(sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_9200")).isEmpty();
    assertThat(Files.readString(dir.resolve(".rcsync/state.json"))).as("Kyle's watermark held at the unwritten text")
        .contains("\"376557053\" : \"" + w.clock.instant().minusSeconds(60) + "\"");

    sf.setDailyApiRequestsRemaining(10_000);
    w.clock.advance(Duration.ofMinutes(1));
    TestWorld.Result resumed = run("sync", "--incremental");
    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_9200")).hasSize(1);
    assertThat(notes()).isEqualTo(before + 1);
  }

  @Test
  void doctorPassesTheUsageOutsideTheReserveAndWarnsWithinIt() throws Exception {
    start(1_000);
    TestWorld.Result ok = run("doctor");
    // the label once (fresh14 #15), then the figures
    assertThat(ok.out()).containsPattern("PASS\\s+Salesforce API usage: 1,001 of 15,000 today "
        + "leaves 12,499 calls before the 10% reserve \\(1,500\\)");

    sf.setDailyApiRequestsRemaining(1_000);
    TestWorld.Result near = run("doctor");
    assertThat(near.out()).containsPattern("WARN\\s+Salesforce API usage: 14,001 of 15,000 today "
        + "is within the 10% reserve \\(1,500\\): a sync would stop before writing");
  }
}
