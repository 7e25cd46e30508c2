package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.ringcentral.SimEndpoint;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Issue 10 item 9, Salesforce half: with an org that is not logged in (the {@code sf} CLI says so) or a token
 * Salesforce rejects, sync, verify, rollback and restore stop in about a second with one line naming the alias and
 * {@code sf org login web --alias LITIFY_ORG}, exit 3, before RingCentral is asked for a single message.
 */
class SalesforceLoginFirstTest {
  @TempDir
  Path dir;

  TestWorld w;
  RingCentralSimulator rc;
  SalesforceSimulator sf;

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
        PosixFilePermissions.fromString("rw-------"));
    w.write("manifest.jsonl", "{\"format\":\"rcsync-rollback-manifest\",\"records\":0}\n");
  }

  @AfterEach
  void stop() {
    rc.close();
    sf.close();
  }

  private TestWorld.Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment e = CliEnvironment.of(dir).withEnv(env).withClock(w.clock).withAdapters(new LiveAdapters());
    CommandLine cl = RcsyncCommand.commandLine(e);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  private Map<String, String> rejectedToken() {
    return Map.of("SF_ACCESS_TOKEN", "00DUV000001Xyz!AQ4AQExpiredOrRevokedToken", "SF_INSTANCE_URL", sf.instanceUrl());
  }

  /** A {@code sf} CLI for which LITIFY_ORG was never logged in (or was logged out), as sf v2 answers. */
  private Map<String, String> sfNotLoggedIn() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path sfCli = bin.resolve("sf");
    Files.writeString(sfCli, "#!/bin/sh\ncat <<'JSON'\n{\n  \"name\": \"NamedOrgNotFoundError\",\n"
        + "  \"message\": \"No authorization information found for LITIFY_ORG.\",\n  \"exitCode\": 1,\n"
        + "  \"context\": \"OrgDisplay\",\n  \"status\": 1,\n  \"stack\": \"NamedOrgNotFoundError: No authorization...\\n at x\",\n"
        + "  \"warnings\": []\n}\nJSON\nexit 1\n");
    Files.setPosixFilePermissions(sfCli, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Map.of("PATH", bin + ":/usr/bin:/bin");
  }

  private static final Map<String, String[]> VERBS = Map.of(
      "sync", new String[] {"sync", "--backfill", "--since", "2026-03-01", "--dry-run"},
      "verify", new String[] {"verify", "--since", "2026-03-01"},
      "rollback", new String[] {"rollback", "--wave", "wave1_intake"},
      "restore", new String[] {"restore", "manifest.jsonl"});

  private void assertStoppedFirst(TestWorld.Result r, long millis) {
    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
    assertThat(r.err()).doesNotContain("ExpiredOrRevokedToken");
    assertThat(rc.calls(SimEndpoint.MESSAGE_STORE)).isZero();
    assertThat(rc.totalCalls()).as("RingCentral untouched").isZero();
    assertThat(millis).isLessThan(5_000);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sync", "verify", "rollback", "restore"})
  void aRejectedTokenStopsTheVerbInOneLineBeforeRingCentralIsRead(String verb) {
    long start = System.nanoTime();
    TestWorld.Result r = run(rejectedToken(), VERBS.get(verb));
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

    assertStoppedFirst(r, millis);
    assertThat(r.err()).contains("SF_ACCESS_TOKEN", "set a fresh SF_ACCESS_TOKEN, or unset both to use the sf CLI");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sync", "verify", "rollback"})
  void anOrgTheSfCliHasNotLoggedInStopsTheVerbInOneLineBeforeRingCentralIsRead(String verb) throws Exception {
    long start = System.nanoTime();
    TestWorld.Result r = run(sfNotLoggedIn(), VERBS.get(verb));
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

    assertStoppedFirst(r, millis);
    assertThat(r.err()).contains("No authorization information found for LITIFY_ORG").doesNotContain("stack");
    assertThat(r.err()).contains("LITIFY_ORG", "sf org login web --alias LITIFY_ORG");
  }

  @Test
  void aValidSessionCostsOneCountedCallAndTheRunGoesOn() throws Exception {
    TestWorld.Result r = run(Map.of("SF_ACCESS_TOKEN", sf.issueToken(), "SF_INSTANCE_URL", sf.instanceUrl()),
        VERBS.get("sync"));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(rc.calls(SimEndpoint.MESSAGE_STORE)).isPositive();
  }

  @Test
  void doctorFailsTheSalesforceLoginLineWithTheFixWhenTheTokenIsRejected() {
    TestWorld.Result r = run(rejectedToken(), "doctor");

    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    String login = r.out().lines().filter(l -> l.contains("Salesforce login")).findFirst().orElseThrow();
    assertThat(login).contains("FAIL").doesNotContain("PASS");
    assertThat(r.out()).contains("sf org login web --alias LITIFY_ORG");
  }
}
