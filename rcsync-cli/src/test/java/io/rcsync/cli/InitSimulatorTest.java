package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoDataset;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code rcsync init} on the live adapters against the RingCentral and Salesforce simulators: the demo firm's
 * extensions and users, and small firms with the awkward cases (shared e-mails, one user claimed twice).
 */
class InitSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG = "config/sync-config.json";

  @TempDir
  Path dir;

  RingCentralSimulator rc;
  SalesforceSimulator sf;
  Map<String, String> env;

  @AfterEach
  void stop() {
    if (rc != null) {
      rc.close();
    }
    if (sf != null) {
      sf.close();
    }
  }

  private LitifySchema orgSchema = LitifySchema.defaults();

  private void start(List<Extension> extensions) throws Exception {
    rc = RingCentralSimulator.builder().noRateLimits().build().start();
    rc.addExtensions(extensions);
    sf = SalesforceSimulator.litify(orgSchema).build().start();
    Path creds = dir.resolve(".credentials/rc-credentials.json");
    Files.createDirectories(creds.getParent());
    Files.writeString(creds, rc.credentialsJson());
    Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
    env = Map.of("SF_ACCESS_TOKEN", sf.issueToken(), "SF_INSTANCE_URL", sf.instanceUrl(), "PATH", "/usr/bin:/bin");
  }

  /** The demo firm: its extensions and texts in RingCentral, its users (with names and e-mails) and cases. */
  private DemoDataset startDemoFirm() throws Exception {
    DemoDataset data = DemoData.generate(42, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    start(data.extensions());
    rc.addMessages(data.allMessages());
    DemoData.salesforceUsers(data).forEach(u -> sf.addUser(u.id(), u.firstName(), u.lastName(), u.email()));
    sf.seedCases(data.cases(), LitifySchema.defaults());
    return data;
  }

  private TestWorld.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = RcsyncCommand.commandLine(CliEnvironment.of(dir).withEnv(env).withAdapters(new LiveAdapters()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  private ConfigFile written() {
    return ConfigLoader.read(dir.resolve(CONFIG), CONFIG);
  }

  private List<Path> backups() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("config"))) {
      return files.filter(f -> f.getFileName().toString().startsWith("sync-config.json.bak-")).sorted().toList();
    }
  }

  private Path onlyBackup() throws Exception {
    List<Path> all = backups();
    assertThat(all).hasSize(1);
    assertThat(all.get(0).getFileName().toString()).matches("sync-config\\.json\\.bak-\\d{8}T\\d{6}Z(-\\d+)?");
    return all.get(0);
  }

  private JsonNode lastReport(String suffix) throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("reports"))) {
      Path p = files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().reduce((a, b) -> b)
          .orElseThrow();
      return JSON.readTree(Files.readString(p));
    }
  }

  @Test
  void onTheDemoFirmInitMatchesThirteenOfFourteenStaffAndADryRunSyncsWhatItWrote() throws Exception {
    DemoDataset data = startDemoFirm();

    TestWorld.Result init = run("init");

    assertThat(init.code()).as(init.toString()).isZero();
    DemoData.InitExpected expected = DemoData.INIT_EXPECTED;
    assertThat(init.out()).contains("init matched " + expected.matched() + " of " + expected.enabledUserExtensions()
        + " staff: " + expected.matchedByEmail() + " by e-mail, " + expected.matchedByName() + " by name, "
        + expected.unmatched() + " without sfUserId");
    assertThat(init.out()).contains(
        "matched       Priya Raman (ext 202) -> Priya Raman",
        "(name only: e-mails differ, priya.raman@hartwell-law.example in RingCentral, priya@raman-mediation.example in "
            + "Salesforce; check it is the same person)",
        "no match      Dana Whitfield (ext 301) (dana.whitfield@hartwell-law.example): no active Salesforce user with "
            + "that e-mail or name; add sfUserId for Dana Whitfield (ext 301) in config/sync-config.json",
        "matched       Rosa Delgado (ext 100) -> Rosa Delgado",
        "not in wave   Brenda Sykes (ext 199) is Disabled",
        "not in wave   Jordan Pike (ext 198) is NotActivated",
        "Sara Collins");
    System.out.println(init.out());

    ConfigFile file = written();
    assertThat(file.sync().activeWave()).isEqualTo("wave1");
    List<StaffMember> staff = file.sync().roster().wave("wave1").members();
    assertThat(staff).hasSize(expected.enabledUserExtensions());
    assertThat(file.sync().warnings()).as("the only warning is the staff member init could not match")
        .singleElement().asString().startsWith("Dana Whitfield (wave1): no sfUserId");
    // every matched member owns what the hand-written roster gives them
    for (StaffMember m : data.roster().allMembers()) {
      staff.stream().filter(s -> s.extensionNumber().equals(m.extensionNumber())).findFirst()
          .ifPresent(s -> assertThat(s.sfUserId()).as(s.name()).isEqualTo(m.sfUserId()));
    }
    assertThat(staff).filteredOn(s -> s.name().equals("Rosa Delgado")).singleElement()
        .satisfies(s -> assertThat(s.sfUserId()).contains(SalesforceIds.idFor(SalesforceIds.USER, 99_002)));
    assertThat(file.sync().schema()).isEqualTo(LitifySchema.defaults());
    String text = Files.readString(dir.resolve(CONFIG));
    assertThat(text).doesNotContain(rc.jwt()).doesNotContain(rc.clientSecret()).doesNotContain(rc.clientId())
        .doesNotContain(env.get("SF_ACCESS_TOKEN"));
    assertThat(init.out() + init.err()).doesNotContain(rc.jwt()).doesNotContain(rc.clientSecret())
        .doesNotContain(env.get("SF_ACCESS_TOKEN"));
    assertThat(Files.getPosixFilePermissions(dir.resolve(CONFIG)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    JsonNode report = lastReport("-init.json");
    assertThat(report.path("totals").path("matchedByEmail").asInt()).isEqualTo(expected.matchedByEmail());
    assertThat(report.path("totals").path("unmatched").asInt()).isEqualTo(expected.unmatched());
    assertThat(report.path("staff")).hasSize(expected.enabledUserExtensions());
    System.out.println("init API calls: " + report.path("apiCalls"));

    String since = DemoData.historyStart(Instant.now()).toString().substring(0, 10);
    TestWorld.Result dryRun = run("sync", "--backfill", "--since", since, "--dry-run");

    System.out.println(dryRun.out());
    assertThat(dryRun.code()).as(dryRun.toString()).isIn(0, 1);
    long expectedTexts = staff.stream().mapToLong(s -> data.messages()
        .getOrDefault(s.extensionId().orElseThrow(), List.of()).size()).sum();
    JsonNode sync = lastReport("-sync.json");
    assertThat(sync.path("totals").path("fetched").asLong()).isEqualTo(expectedTexts);
    assertThat(sync.path("balanced").asBoolean()).as(sync.toString()).isTrue();
    assertThat(sf.count(LitifySchema.defaults().noteObject())).as("a dry run writes nothing").isZero();
  }

  @Test
  void refusesToReplaceAnExistingConfigWithoutForceAndKeepsTheOldOneWithIt() throws Exception {
    startDemoFirm();
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve(CONFIG), "{\"hand\": \"written\"}\n");

    TestWorld.Result refused = run("init");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err().strip()).doesNotContain("\n")
        .contains("config/sync-config.json already exists: not replaced")
        .contains("--force");
    assertThat(Files.readString(dir.resolve(CONFIG))).isEqualTo("{\"hand\": \"written\"}\n");
    assertThat(rc.totalCalls()).as("refused before anything is read").isZero();

    TestWorld.Result forced = run("init", "--force", "--wave", "intake_team");

    assertThat(forced.code()).as(forced.toString()).isZero();
    assertThat(forced.out()).contains("previous file kept as config/sync-config.json.bak-")
        .contains("could not be kept").contains("writing a new config instead");
    assertThat(Files.readString(onlyBackup())).isEqualTo("{\"hand\": \"written\"}\n");
    assertThat(written().sync().activeWave()).isEqualTo("intake_team");
    assertThat(written().sync().roster().waveNames()).containsExactly("intake_team");
  }

  @Test
  void writesTheTargetOrgAliasButNeverASession() throws Exception {
    startDemoFirm();

    TestWorld.Result init = run("init", "--target-org", "LITIFY_ORG");

    assertThat(init.code()).as(init.toString()).isZero();
    assertThat(written().salesforce().targetOrg()).contains("LITIFY_ORG");
    assertThat(written().ringCentral().credentialsFile()).isEqualTo(".credentials/rc-credentials.json");
  }

  @Test
  void namesNoCounterpartyFieldAStandardOrgLacksButSaysHowToAddOne() throws Exception {
    startDemoFirm();

    TestWorld.Result init = run("init");

    assertThat(init.code()).as(init.toString()).isZero();
    assertThat(written().sync().schema().counterpartyField()).isEmpty();
    assertThat(written().sync().schema().messageTimeField()).isEmpty();
    assertThat(init.out()).contains("salesforce.note.counterpartyField (Text(20) or Phone",
        "salesforce.note.messageTimeField (Date/Time");
  }

  @Test
  void listsSharedEmailsAndAUserClaimedTwiceWithTheirFixAndLeavesThemUnmatched() throws Exception {
    start(List.of(
        new Extension(ExtensionId.of("401"), "101", "Chris Lee", "Enabled", "User", "Chris", "Lee", "desk@firm.example"),
        new Extension(ExtensionId.of("402"), "102", "Kyle Haney", "Enabled", "User", "Kyle", "Haney",
            "kyle@firm.example"),
        new Extension(ExtensionId.of("403"), "103", "Kyle Haney", "Enabled", "User", "Kyle", "Haney",
            "KYLE@firm.example "),
        new Extension(ExtensionId.of("404"), "104", "Jane Q. Roe", "Enabled", "User", "Jane Q.", "Roe", null)));
    SalesforceId a = SalesforceIds.idFor(SalesforceIds.USER, 1);
    SalesforceId b = SalesforceIds.idFor(SalesforceIds.USER, 2);
    SalesforceId kyle = SalesforceIds.idFor(SalesforceIds.USER, 3);
    SalesforceId jane = SalesforceIds.idFor(SalesforceIds.USER, 4);
    sf.addUser(a, "Chris", "Lee", "desk@firm.example");
    sf.addUser(b, "Christine", "Lee", "desk@firm.example");
    sf.addUser(kyle, "Kyle", "Haney", "kyle@firm.example");
    sf.addUser(jane, "Jane", "Roe", "jane.roe@firm.example");

    TestWorld.Result init = run("init");

    assertThat(init.code()).as(init.toString()).isZero();
    assertThat(init.out()).contains(
        "ambiguous     Chris Lee (ext 101): 2 users share its e-mail (Chris Lee " + a + " desk@firm.example; Christine Lee "
            + b + " desk@firm.example): add sfUserId for Chris Lee (ext 101) in config/sync-config.json",
        "conflict      Kyle Haney (ext 102): Kyle Haney " + kyle + " is also matched by Kyle Haney (ext 103)",
        "conflict      Kyle Haney (ext 103): Kyle Haney " + kyle + " is also matched by Kyle Haney (ext 102)",
        "matched       Jane Q. Roe (ext 104) -> Jane Roe " + jane + " (name only",
        "init matched 1 of 4 staff: 0 by e-mail, 1 by name, 3 without sfUserId (their texts fail until it is set) "
            + "(0 no match, 1 ambiguous, 2 conflict).");
    assertThat(written().sync().roster().wave("wave1").members()).extracting(StaffMember::sfUserId)
        .containsExactly(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(jane));
  }

  @Test
  void withoutRingCentralCredentialsInitNamesTheFileAndWritesNothing() throws Exception {
    startDemoFirm();
    Files.delete(dir.resolve(".credentials/rc-credentials.json"));

    TestWorld.Result init = run("init");

    assertThat(init.code()).as(init.toString()).isEqualTo(2);
    assertThat(init.err()).contains(".credentials/rc-credentials.json");
    assertThat(Files.exists(dir.resolve(CONFIG))).isFalse();
    assertThat(sf.totalCalls()).as("nothing was asked of Salesforce").isZero();
  }

  @Test
  void aRefusedSalesforceSessionStopsInitBeforeRingCentralAndWritesNothing() throws Exception {
    startDemoFirm();
    env = Map.of("SF_ACCESS_TOKEN", "00Dbad!token", "SF_INSTANCE_URL", sf.instanceUrl(), "PATH", "/usr/bin:/bin");

    TestWorld.Result init = run("init");

    assertThat(init.code()).as(init.toString()).isEqualTo(3);
    assertThat(init.err()).contains("Salesforce refused SF_ACCESS_TOKEN");
    assertThat(Files.exists(dir.resolve(CONFIG))).isFalse();
    assertThat(rc.totalCalls()).isZero();
  }

  @Test
  void initWritesTheAccountsTimeZoneAndTheNotesMessageTimeFieldAndSaysSo() throws Exception {
    orgSchema = LitifySchema.defaults().withMessageTimeField("Message_Time__c");
    startDemoFirm();
    rc.accountTimeZone(new RingCentralSimulator.TimeZoneInfo("58", "US/Central", "Central Time (US & Canada)", -360));

    TestWorld.Result init = run("init");

    assertThat(init.code()).as(init.toString()).isZero();
    assertThat(written().sync().timeZone()).contains(java.time.ZoneId.of("America/Chicago"));
    assertThat(written().sync().schema().messageTimeField()).contains("Message_Time__c");
    assertThat(init.out()).contains("Time zone: America/Chicago (the RingCentral account's US/Central), written as "
        + "timeZone", "Message time: litify_pm__lit_Note__c.Message_Time__c (writable Date/Time) written as "
        + "salesforce.note.messageTimeField");
  }

  @Test
  void withoutAMessageTimeFieldInitSaysWhatToCreateAndWithoutAnAccountZoneWritesTheSystemZone() throws Exception {
    startDemoFirm();
    rc.accountTimeZone(null);

    TestWorld.Result init = run("init");

    assertThat(init.code()).as(init.toString()).isZero();
    assertThat(written().sync().schema().messageTimeField()).isEmpty();
    String zoneId = java.time.ZoneId.systemDefault().normalized() instanceof java.time.ZoneOffset
        ? "Etc/UTC" : java.time.ZoneId.systemDefault().getId();
    assertThat(Files.readString(dir.resolve(CONFIG))).contains("\"timeZone\" : \"" + zoneId + "\"");
    assertThat(init.out()).contains("the RingCentral account has no time zone rcsync can read; wrote the system zone "
        + zoneId + " as timeZone");
    assertThat(init.out().lines().filter(l -> l.startsWith("Message time:"))).singleElement().asString()
        .contains("no writable custom Date/Time field named like a message time on litify_pm__lit_Note__c")
        .contains("create a Date/Time field").contains("set salesforce.note.messageTimeField")
        .contains("before the backfill");
  }

  @Test
  void forceRebuildsOnlyTheWavesRosterAndKeepsHandEditsOtherWavesAndEveryBackup() throws Exception {
    startDemoFirm();
    assertThat(run("init").code()).isZero();
    // the operator's hand edits: a zone, a field, Dana's sfUserId, a departed colleague and a second wave
    String danaId = SalesforceIds.idFor(SalesforceIds.USER, 77_001).value();
    ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(dir.resolve(CONFIG)));
    root.put("timeZone", "America/Kentucky/Louisville");
    ((ObjectNode) root.path("salesforce").path("note")).put("messageTimeField", "Sent_At__c");
    ArrayNode wave1 = (ArrayNode) root.path("waves").path("wave1");
    for (JsonNode row : wave1) {
      if (row.path("name").asText().equals("Dana Whitfield")) {
        ((ObjectNode) row).put("sfUserId", danaId);
      }
    }
    wave1.addObject().put("name", "Gone Person").put("extensionId", "999999").put("extensionNumber", "999")
        .putNull("sfUserId");
    ((ObjectNode) root.path("waves")).putArray("wave2").addObject().put("name", "Later Staff")
        .put("extensionId", "888888").putNull("sfUserId");
    Files.writeString(dir.resolve(CONFIG), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    String handEdited = Files.readString(dir.resolve(CONFIG));

    TestWorld.Result forced = run("init", "--force");

    assertThat(forced.code()).as(forced.toString()).isZero();
    ConfigFile file = written();
    assertThat(file.sync().timeZone()).contains(java.time.ZoneId.of("America/Kentucky/Louisville"));
    assertThat(file.sync().schema().messageTimeField()).contains("Sent_At__c");
    assertThat(file.sync().roster().waveNames()).containsExactlyInAnyOrder("wave1", "wave2");
    assertThat(file.sync().roster().wave("wave2").members()).extracting(StaffMember::name)
        .containsExactly("Later Staff");
    List<StaffMember> wave = file.sync().roster().wave("wave1").members();
    assertThat(wave).extracting(StaffMember::name).doesNotContain("Gone Person")
        .hasSize(DemoData.INIT_EXPECTED.enabledUserExtensions());
    assertThat(wave).filteredOn(m -> m.name().equals("Dana Whitfield")).singleElement()
        .satisfies(m -> assertThat(m.sfUserId()).contains(SalesforceId.of(danaId)));
    assertThat(forced.out()).contains("Roster: 0 added, 1 removed, " + DemoData.INIT_EXPECTED.enabledUserExtensions()
        + " kept.", "removed: Gone Person", "Dana Whitfield: kept sfUserId " + danaId + " (init found no match)");
    assertThat(Files.readString(onlyBackup())).isEqualTo(handEdited);
    assertThat(forced.out()).doesNotContain("Scheduled runs exit 1");

    TestWorld.Result again = run("init", "--force");

    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(backups()).as("a second --force keeps the first backup").hasSize(2);
    assertThat(Files.readString(backups().get(0))).isEqualTo(handEdited);
    assertThat(again.out()).contains("Roster: 0 added, 0 removed, " + DemoData.INIT_EXPECTED.enabledUserExtensions()
        + " kept.");
  }

  @Test
  void initSaysThatTargetOrgWasIgnoredWhenTheSfEnvironmentIsSetAndThatScheduledRunsExitOneUntilStaffHaveIds()
      throws Exception {
    startDemoFirm();

    TestWorld.Result init = run("init", "--target-org", "firm");

    assertThat(init.code()).as(init.toString()).isZero();
    assertThat(init.out()).contains("Salesforce login: SF_ACCESS_TOKEN + SF_INSTANCE_URL were used; --target-org firm "
        + "was ignored for this run (still written as salesforce.targetOrg for runs without SF_*, such as cron)");
    assertThat(init.out()).contains("Scheduled runs exit 1 until each of the " + DemoData.INIT_EXPECTED.unmatched()
        + " staff without sfUserId has one in config/sync-config.json (or is removed from wave wave1).");
  }

  @Test
  void forceWithAnotherWaveAddsThatWaveAndLeavesTheActiveWaveAndTheFirstWaveAlone() throws Exception {
    startDemoFirm();
    assertThat(run("init").code()).isZero();

    TestWorld.Result second = run("init", "--force", "--wave", "wave2");

    assertThat(second.code()).as(second.toString()).isZero();
    ConfigFile file = written();
    assertThat(file.sync().activeWave()).isEqualTo("wave1");
    assertThat(file.sync().roster().waveNames()).containsExactlyInAnyOrder("wave1", "wave2");
    assertThat(file.sync().roster().wave("wave1").members()).hasSize(DemoData.INIT_EXPECTED.enabledUserExtensions());
    assertThat(second.out()).contains("wave wave2 (activeWave stays wave1; set it to wave2 to sync this wave)",
        "Roster: " + DemoData.INIT_EXPECTED.enabledUserExtensions() + " added, 0 removed, 0 kept.");
  }
}
