package io.rcsync.cli;

import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.fixtures.Messages;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI in-process on its live adapters against the testkit's RingCentral and Salesforce HTTP simulators, holding
 * {@link TestWorld}'s six texts, two cases and three users: what an operator's commands do, over HTTP.
 */
class SimulatorEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  TestWorld w;
  RingCentralSimulator rc;
  SalesforceSimulator sf;
  Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    w = new TestWorld(dir);
    rc = RingCentralSimulator.builder().noRateLimits().build().start();
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.ALYSSIA), "104", "Alyssia", "Enabled"));
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.KYLE), "105", "Kyle Haney", "Enabled"));
    rc.addMessages(w.messages.messagesOf(ExtensionId.of(TestWorld.ALYSSIA)));
    rc.addMessages(w.messages.messagesOf(ExtensionId.of(TestWorld.KYLE)));
    sf = SalesforceSimulator.litify(w.config.schema()).build().start();
    List.of(TestWorld.ALYSSIA_USER, TestWorld.KYLE_USER, TestWorld.DANA_USER).forEach(sf::addUser);
    sf.seedCases(List.of(TestWorld.MATTER, TestWorld.INTAKE), w.config.schema());
    w.write(".credentials/rc-credentials.json", rc.credentialsJson());
    Files.setPosixFilePermissions(dir.resolve(".credentials/rc-credentials.json"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    env = Map.of("SF_ACCESS_TOKEN", sf.issueToken(), "SF_INSTANCE_URL", sf.instanceUrl());
  }

  @AfterEach
  void stop() {
    rc.close();
    sf.close();
  }

  private TestWorld.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment e = CliEnvironment.of(dir).withEnv(env).withClock(w.clock)
        .withAdapters(new LiveAdapters(b -> b.compositeQueries(false)));
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

  private JsonNode last(String suffix) throws Exception {
    return JSON.readTree(Files.readString(w.lastReport(suffix)));
  }

  @Test
  void backfillRerunAndIncrementalOverHttp() throws Exception {
    TestWorld.Result backfill = run("sync", "--backfill", "--since", "2026-03-01");
    System.out.println(backfill.out());

    assertThat(backfill.code()).as(backfill.toString()).isZero();
    assertThat(notes()).isEqualTo(3);
    assertThat(backfill.out()).containsPattern("TOTAL\\s+6\\s+1\\s+2\\s+1\\s+2\\s+0\\s+0\\s+3\\s+0\\s+0\\s+0\\s+50%")
        .contains("— balanced");
    JsonNode report = last("-sync.json");
    // extensions + 2 pages; the token call is made by the credentials check before the run (Verb.preflight)
    assertThat(report.path("apiCalls").path("ringcentral").asLong()).isEqualTo(3);
    assertThat(rc.totalCalls()).isEqualTo(4); // on the wire: token, extensions, 2 pages
    assertThat(report.path("apiCalls").path("salesforce").asLong()).isPositive();
    Map<String, Object> note = sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_9006").get(0);
    assertThat(note).containsEntry("OwnerId", TestWorld.KYLE_USER.value())
        .containsEntry("litify_pm__lit_Matter__c", TestWorld.MATTER.id().value())
        .containsEntry("litify_pm__lit_Topic__c", "Text message sent");

    w.clock.advance(Duration.ofMinutes(1));
    TestWorld.Result rerun = run("sync", "--backfill", "--since", "2026-03-01");
    assertThat(rerun.code()).isZero();
    assertThat(last("-sync.json").path("totals").path("created").asLong()).isZero();
    assertThat(last("-sync.json").path("totals").path("updated").asLong()).isZero();
    assertThat(last("-sync.json").path("totals").path("unchanged").asLong()).isEqualTo(3);
    assertThat(notes()).isEqualTo(3);

    w.clock.advance(Duration.ofMinutes(5));
    rc.addMessages(List.of(Messages.inbound().id("9200").extension(TestWorld.KYLE).from("502.555.0199")
        .text("Is my intake done?").at(w.clock.instant().minusSeconds(60)).build()));
    TestWorld.Result incremental = run("sync", "--incremental");
    assertThat(incremental.code()).as(incremental.toString()).isZero();
    assertThat(last("-sync.json").path("totals").path("created").asLong()).isEqualTo(1);
    assertThat(sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_9200")).hasSize(1)
        .first().satisfies(n -> assertThat(n).containsEntry("litify_pm__lit_Intake__c", TestWorld.INTAKE.id().value()));
  }

  @Test
  void aParalegalsCorrectionSurvivesARerunAndRelinkPutsTheMatchBack() throws Exception {
    assertThat(run("sync", "--backfill", "--since", "2026-03-01").code()).isZero();
    String object = w.config.schema().noteObject();
    Map<String, Object> note = sf.findBy(object, "External_Id__c", "rc_msg_9006").get(0);
    String id = note.get("Id").toString();
    Map<String, Object> correction = new java.util.HashMap<>();
    correction.put("OwnerId", TestWorld.ALYSSIA_USER.value());
    correction.put("litify_pm__lit_Matter__c", null);
    correction.put("litify_pm__lit_Intake__c", TestWorld.INTAKE.id().value());
    sf.update(object, id, correction);
    Object corrected = sf.find(object, id).orElseThrow().get("LastModifiedDate");
    w.clock.advance(Duration.ofMinutes(1));

    assertThat(run("sync", "--backfill", "--since", "2026-03-01").code()).isZero();
    Map<String, Object> kept = sf.find(object, id).orElseThrow();
    assertThat(kept).containsEntry("OwnerId", TestWorld.ALYSSIA_USER.value())
        .containsEntry("litify_pm__lit_Intake__c", TestWorld.INTAKE.id().value())
        .containsEntry("LastModifiedDate", corrected);
    assertThat(kept.get("litify_pm__lit_Matter__c")).isNull();
    assertThat(last("-sync.json").path("totals").path("unchanged").asLong()).isEqualTo(3);

    w.clock.advance(Duration.ofMinutes(1));
    TestWorld.Result relink = run("sync", "--backfill", "--since", "2026-03-01", "--relink");
    assertThat(relink.code()).as(relink.toString()).isZero();
    assertThat(sf.find(object, id).orElseThrow()).containsEntry("OwnerId", TestWorld.KYLE_USER.value())
        .containsEntry("litify_pm__lit_Matter__c", TestWorld.MATTER.id().value())
        .containsEntry("litify_pm__lit_Intake__c", null);
    assertThat(last("-sync.json").path("totals").path("updated").asLong()).isEqualTo(1);
    assertThat(last("-sync.json").path("totals").path("unchanged").asLong()).isEqualTo(2);
  }

  @Test
  void rollbackDryRunThenConfirmThenRestoreOverHttp() throws Exception {
    assertThat(run("sync", "--backfill", "--since", "2026-03-01").code()).isZero();
    w.clock.advance(Duration.ofMinutes(1));

    TestWorld.Result dry = run("rollback", "--wave", "wave1_intake");
    System.out.println(dry.out());
    assertThat(dry.code()).isZero();
    assertThat(dry.out()).contains("Rollback DRY RUN: 3 Note(s) would be deleted");
    assertThat(notes()).isEqualTo(3);

    TestWorld.Result confirm = run("rollback", "--wave", "wave1_intake", "--confirm");
    assertThat(confirm.code()).as(confirm.toString()).isZero();
    assertThat(confirm.out()).contains("Rollback: deleted 3 of 3 Note(s)");
    assertThat(notes()).isZero();
    String manifest = last("-rollback.json").path("manifest").asText();
    assertThat(Files.readAllLines(dir.resolve(manifest))).hasSize(4);

    w.clock.advance(Duration.ofMinutes(1));
    TestWorld.Result restore = run("restore", manifest);
    assertThat(restore.code()).as(restore.toString()).isZero();
    assertThat(notes()).isEqualTo(3);
    assertThat(sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_9001").get(0))
        .containsEntry("OwnerId", TestWorld.ALYSSIA_USER.value());
  }

  @Test
  void verifyFindsADeliberatelyMissingNoteOverHttp() throws Exception {
    assertThat(run("sync", "--backfill", "--since", "2026-03-01").code()).isZero();
    String id = String.valueOf(sf.findBy(w.config.schema().noteObject(), "External_Id__c", "rc_msg_9002").get(0).get("Id"));
    sf.delete(id);
    w.clock.advance(Duration.ofMinutes(1));

    TestWorld.Result verify = run("verify", "--since", "2026-03-01");

    assertThat(verify.code()).as(verify.toString()).isEqualTo(1);
    assertThat(verify.out()).contains("missing Notes:           1", "9002", "INCOMPLETE");
    assertThat(Files.readString(w.lastReport("-verify-missing.csv"))).contains("9002," + TestWorld.ALYSSIA + ",5025550199,");
  }

  @Test
  void aRevokedSalesforceSessionExitsThree() {
    sf.revokeAllTokens();

    TestWorld.Result r = run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.out() + r.err()).doesNotContain(env.get("SF_ACCESS_TOKEN"));
  }

  @Test
  void twoRunsShareOneRingCentralLoginAndLogoutRevokesItAndDeletesTheCache() throws Exception {
    TestWorld.Result first = run("sync", "--backfill", "--since", "2026-03-01");
    TestWorld.Result second = run("sync", "--backfill", "--since", "2026-03-01");
    Path cache = dir.resolve(".rcsync/rc-token.json");
    String tokens = Files.readString(cache);

    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(rc.jwtLogins()).isEqualTo(1);
    assertThat(rc.calls(io.rcsync.testkit.sim.ringcentral.SimEndpoint.TOKEN)).isEqualTo(1);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)))
        .isEqualTo("rw-------");

    TestWorld.Result logout = run("logout");

    assertThat(logout.code()).as(logout.toString()).isZero();
    assertThat(logout.out()).contains("session revoked", ".rcsync/rc-token.json deleted");
    assertThat(rc.revocations()).isEqualTo(1);
    assertThat(cache).doesNotExist();
    String accessToken = JSON.readTree(tokens).path("accessToken").asText();
    String refreshToken = JSON.readTree(tokens).path("refreshToken").asText();
    for (TestWorld.Result r : List.of(first, second, logout)) {
      assertThat(r.out() + r.err()).doesNotContain(accessToken).doesNotContain(refreshToken);
    }
    try (var reports = Files.walk(dir.resolve("reports"))) {
      for (Path p : reports.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(p)).as(p.toString()).doesNotContain(accessToken).doesNotContain(refreshToken);
      }
    }

    TestWorld.Result again = run("logout");
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("No RingCentral session cached");
  }

  @Test
  void aTokenCacheOpenToOthersStopsTheRunWithOneLineNamingItAndExitThree() throws Exception {
    run("sync", "--backfill", "--since", "2026-03-01");
    Files.setPosixFilePermissions(dir.resolve(".rcsync/rc-token.json"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    TestWorld.Result r = run("sync", "--backfill", "--since", "2026-03-01");

    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains(".rcsync/rc-token.json", "chmod 600");
  }

  @Test
  void logoutRevokesAndDeletesATokenCacheOpenToOthersAndSaysItWasReadable() throws Exception {
    run("sync", "--backfill", "--since", "2026-03-01");
    Path cache = dir.resolve(".rcsync/rc-token.json");
    String tokens = Files.readString(cache);
    Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    TestWorld.Result r = run("logout");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Logged out of RingCentral: session revoked, .rcsync/rc-token.json deleted.",
        "It was readable by other users (rw-r--r--)");
    assertThat(rc.revocations()).isEqualTo(1);
    assertThat(cache).doesNotExist();
    assertThat(r.out() + r.err()).doesNotContain(JSON.readTree(tokens).path("accessToken").asText())
        .doesNotContain(JSON.readTree(tokens).path("refreshToken").asText());
  }

  @Test
  void logoutRefusesWhileServeHoldsTheRunLockAndForceRevokesWithAWarning() throws Exception {
    run("sync", "--backfill", "--since", "2026-03-01");
    Path cache = dir.resolve(".rcsync/rc-token.json");
    try (io.rcsync.cli.store.RunLock lock = io.rcsync.cli.store.RunLock.acquire(dir.resolve(".rcsync/sync.lock"),
        ".rcsync/sync.lock", "serve --listen 127.0.0.1:8080", Duration.ofMinutes(30), w.clock, x -> {})) {
      long pid = ProcessHandle.current().pid();

      TestWorld.Result refused = run("logout");

      assertThat(refused.code()).as(refused.toString()).isEqualTo(2);
      assertThat(refused.err()).hasLineCount(1).contains("not logged out: pid " + pid,
          "(serve --listen 127.0.0.1:8080)", "would log in again with the JWT", "kill " + pid, "--force");
      assertThat(refused.out()).doesNotContain("Logged out");
      assertThat(cache).exists();
      assertThat(rc.revocations()).isZero();

      TestWorld.Result forced = run("logout", "--force");

      assertThat(forced.code()).as(forced.toString()).isZero();
      assertThat(forced.out()).contains("session revoked");
      assertThat(forced.err()).contains("warning: 'serve --listen 127.0.0.1:8080' (pid " + pid + ") is still running "
          + "and logs in again with the JWT");
      assertThat(rc.revocations()).isEqualTo(1);
      assertThat(cache).doesNotExist();
    }
  }

  /**
   * On the wall clock, as a person runs it: the push step's webhook subscription lives 7 days by the simulator's
   * (the demo's) clock, and the RingCentral adapter reads its expirationTime against the system clock.
   */
  @Test
  void theDemoRunsTheRealPathOnTheSimulators() {
    w.clock.set(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    TestWorld.Result r = w.run("demo", "--dir", "demo");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("RingCentral: simulator at http://127.0.0.1:", "Demo OK",
        "re-run: created 0, updated 0, unchanged 915; incremental: created 8 (matched late 1, delivery failed 1), held 1, purged 1", "orphaned Notes:          0",
        "== 4/8 Push: rcsync serve on loopback", "serve: webhook: answered RingCentral's validation request",
        "serve: push: batch of 2 pushed text(s): created 2",
        // the push step's subscription calls: the list, the create, and the delete of serve's clean stop
        "subscription 3)", "serve wrote the pushed texts as they arrived", "== 5/8 Verify", "== 6/8 Rollback", "== 7/8 Import the firm's SMS-Magic history",
        DemoImportExpectations.summaryLine(),
        "Rollback DRY RUN: 927 Note(s) would be deleted",
        // issue 12: the demo firm's MMS media in Salesforce Files, each on its Note and Matter/Intake, copied once
        "MMS: backfill copied 6 file(s) (2.9 MB) into Salesforce Files, re-run uploaded 0; 7 file(s) in Salesforce now",
        "IMG_0412.jpg (180.0 KB), linked to rc_msg_", "parking_sign.jpg (139.2 KB), linked to rc_msg_990000000012",
        "MMS files checked:       7", "Notes with missing files: 0", "MMS files on them (deleted with their Notes): 7")
        // the two inbound texts' own store changes need no sync; the status change may fold into the outbound one's
        .containsPattern("push: 6 webhook events \\(2 instant texts, 4 store changes, [23] needing no sync of their "
            + "own, 0 refused\\); 4 of 4 Notes written");
  }

  /**
   * Today's demo: its clock moves minutes ahead of the wall clock between steps, and a Message Sync reads up to the
   * server's now, so the simulator must share the demo's clock or it leaves the new texts out as created in the future.
   */
  @Test
  void theDemoFindsItsNewTextsByMessageSyncWhenItsClockRunsAheadOfTheWallClock() {
    w.clock.set(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    TestWorld.Result r = w.run("demo", "--dir", "demo");

    assertThat(r.code()).as(r.toString()).isZero();
    // 9 by the incremental step (one per extension), 9 by serve's start-up sync, 1 or 2 by the push step's store
    // changes (the status change may fold into the outbound text's queued sync); subscription: list, create, and the
    // delete of serve's clean stop; the demo firm's MMS media is downloaded once (issue 12: message_content), never again
    assertThat(r.out()).contains("Demo OK", "incremental: created 8 (matched late 1, delivery failed 1), held 1, purged 1")
        .containsPattern("message_sync (19|20), message_content 7, subscription 3\\)");
  }

  @Test
  void aWrongRingCentralClientSecretStopsTheRunBeforeAnythingIsReadWithOneLineAndExitThree() throws Exception {
    w.write(".credentials/rc-credentials.json", rc.credentialsJson().replace(rc.clientSecret(), "not-the-secret"));
    long sfBefore = sf.totalCalls();

    TestWorld.Result r = run("sync", "--backfill", "--since", "2026-03-01", "--dry-run");

    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
    assertThat(r.err()).containsIgnoringCase("RingCentral");
    assertThat(rc.calls(io.rcsync.testkit.sim.ringcentral.SimEndpoint.TOKEN)).isPositive();
    assertThat(rc.calls(io.rcsync.testkit.sim.ringcentral.SimEndpoint.EXTENSION_LIST)).isZero();
    assertThat(rc.calls(io.rcsync.testkit.sim.ringcentral.SimEndpoint.MESSAGE_STORE)).isZero();
    // only the Salesforce login check, which runs first; no lookup, query or write
    assertThat(sf.totalCalls()).as("Salesforce calls").isEqualTo(sfBefore + 1);
    assertThat(r.out() + r.err()).doesNotContain("not-the-secret").doesNotContain(rc.jwt());
  }

  @Test
  void aTextDeletedInRingCentralStillReachesThePipeline() throws Exception {
    rc.addMessages(List.of(Messages.outbound().id("9300").extension(TestWorld.KYLE).to("502.555.0199")
        .text("Sent, then deleted").at("2026-04-05T15:00:00Z").build()));
    rc.deleteMessage(ExtensionId.of(TestWorld.KYLE), "9300");

    TestWorld.Result r = run("sync", "--backfill", "--since", "2026-03-01", "--dry-run");

    assertThat(r.code()).as(r.toString()).isIn(0, 1);
    assertThat(last("-sync.json").path("totals").path("fetched").asLong()).isEqualTo(7); // 6 live + the deleted one
  }
}
