package io.rcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.fixtures.Cases;
import io.rcsync.testkit.fixtures.SalesforceIds;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import io.rcsync.testkit.sim.salesforce.SalesforceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 13: {@code doctor} reads Salesforce's query plan of each lookup statement (the simulator's
 * {@code /query?explain=}) and says per object whether it is selective: WARN with the field to normalize and the
 * config key for the leading-wildcard LIKE on a large org, PASS for an exact IN on an indexed field.
 */
class DoctorQueryPlanSimulatorTest {
  private static final String MATTER = "litify_pm__Matter__c";
  private static final String INTAKE = "litify_pm__Intake__c";

  @TempDir
  Path dir;

  RingCentralSimulator rc;
  SalesforceSimulator sf;

  @AfterEach
  void stop() {
    if (rc != null) {
      rc.close();
    }
    if (sf != null) {
      sf.close();
    }
  }

  /** Both simulators, with the config (TestWorld's, plus {@code extra} top-level keys) written to the project. */
  private void start(String extra, SalesforceSimulator.Builder sfBuilder) throws Exception {
    String config = TestWorld.CONFIG.replaceFirst("\\{", "{\n" + extra);
    // the org has every default phone field, whatever the config searches
    LitifySchema schema = ConfigLoader.parse("test", config).schema().withPhoneFields(LitifySchema.DEFAULT_PHONE_FIELDS);
    rc = RingCentralSimulator.builder().noRateLimits().build().start();
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.ALYSSIA), "104", "Alyssia", "Enabled"));
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.KYLE), "105", "Kyle Haney", "Enabled"));
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.DANA), "120", "Dana", "Enabled"));
    sf = sfBuilder.schema(io.rcsync.testkit.sim.salesforce.OrgSchema.litifyDefaults(schema)).build().start();
    List.of(TestWorld.ALYSSIA_USER, TestWorld.KYLE_USER, TestWorld.DANA_USER).forEach(sf::addUser);
    List<io.rcsync.core.domain.CaseRecord> cases = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String digits = String.valueOf(5_028_130_000L + i);
      cases.add(Cases.matter().id(SalesforceIds.idFor(SalesforceIds.MATTER, 10 + i)).open()
          .phone("Matter_Phone__c", "(502) 813-" + digits.substring(6)).phone("Phone_10_Digit__c", digits).build());
      cases.add(Cases.intake().id(SalesforceIds.idFor(SalesforceIds.INTAKE, 10 + i))
          .phone("Client_Phone__c", digits).phone("Phone_10_Digit__c", digits).build());
    }
    sf.seedCases(cases, schema);
    Files.createDirectories(dir.resolve(".credentials"));
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/sync-config.json"), config);
    Path creds = dir.resolve(".credentials/rc-credentials.json");
    Files.writeString(creds, rc.credentialsJson());
    Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
  }

  private TestWorld.Result doctor() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment e = CliEnvironment.of(dir).withEnv(Map.of("SF_ACCESS_TOKEN", sf.issueToken(),
        "SF_INSTANCE_URL", sf.instanceUrl())).withAdapters(new LiveAdapters());
    CommandLine cl = RcsyncCommand.commandLine(e);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute("doctor");
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  @Test
  void doctorShowsTheAttachmentSettingsAndThatTheUserMayCreateFiles() throws Exception {
    start("", SalesforceSimulator.builder());

    TestWorld.Result r = doctor();

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("PASS  field ContentVersion.ExternalDocumentInfo1", "PASS  MMS files: copied to "
        + "Salesforce Files, up to 25.0 MB a file (attachments.maxBytes), types */* (attachments.contentTypes), Matter/Intake links visible to InternalUsers (attachments.visibility)");
  }

  @Test
  void doctorWarnsWhenAttachmentsAreOff() throws Exception {
    start("  \"attachments\": { \"enabled\": false },", SalesforceSimulator.builder());

    TestWorld.Result r = doctor();

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("WARN  MMS files: attachments.enabled is false").doesNotContain("ContentVersion");
  }

  @Test
  void theDefaultLikeLookupOnALargeOrgIsAWarningNamingTheFieldToNormalizeAndTheConfigKeys() throws Exception {
    start("", SalesforceSimulator.builder().largeObjectRows(10));

    TestWorld.Result r = doctor();

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains(
        "WARN  lookup plan " + MATTER + " (LIKE on Matter_Phone__c, Client_Phone__c, litify_pm__Phone__c, "
            + "Phone_10_Digit__c): TableScan, relativeCost 3.00 (scans 30 records): not selective",
        "WARN  lookup plan " + INTAKE + " (LIKE on Matter_Phone__c, Client_Phone__c, litify_pm__Phone__c, "
            + "Phone_10_Digit__c): TableScan, relativeCost 3.00",
        "fix: copy each number, normalized to 10 digits, into a Text(10) field marked External ID on " + MATTER
            + " (e.g. Phone_10_Digit__c, filled by a flow), then list it in both phoneFields and exactPhoneFields")
        .doesNotContain("(IN on");
    assertThat(r.out().lines().filter(l -> l.contains("lookup plan"))).hasSize(2);
  }

  @Test
  void anExactLookupOnAnIndexedFieldPassesWhileTheRemainingLikeFieldsStillWarn() throws Exception {
    start("  \"exactPhoneFields\": [\"Phone_10_Digit__c\"],", SalesforceSimulator.builder().largeObjectRows(10)
        .indexedField(MATTER, "Phone_10_Digit__c").indexedField(INTAKE, "Phone_10_Digit__c"));

    TestWorld.Result r = doctor();

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains(
        "PASS  lookup plan " + MATTER + " (IN on Phone_10_Digit__c): Index, relativeCost 0.00 (about 0 of 30 records): "
            + "selective (uses an index)",
        "PASS  lookup plan " + INTAKE + " (IN on Phone_10_Digit__c): Index",
        "WARN  lookup plan " + MATTER + " (LIKE on Matter_Phone__c, Client_Phone__c, litify_pm__Phone__c): TableScan");
  }

  @Test
  void anExactFieldWithoutAnIndexIsAWarningToIndexIt() throws Exception {
    start("  \"phoneFields\": [\"Phone_10_Digit__c\"], \"exactPhoneFields\": [\"Phone_10_Digit__c\"],",
        SalesforceSimulator.builder().largeObjectRows(10));

    TestWorld.Result r = doctor();

    assertThat(r.out()).contains(
        "WARN  lookup plan " + MATTER + " (IN on Phone_10_Digit__c): TableScan, relativeCost 3.00 (scans 30 records): "
            + "not selective",
        "fix: give Phone_10_Digit__c on " + MATTER + " an index (mark it External ID, or ask Salesforce Support for a "
            + "custom index), or take it out of exactPhoneFields")
        .doesNotContain("(LIKE on");
  }

  @Test
  void aSmallOrgsLikeLookupPassesAsAScanThatWillNotStayFineAsTheOrgGrows() throws Exception {
    start("", SalesforceSimulator.builder());

    TestWorld.Result r = doctor();

    assertThat(r.out()).contains("PASS  lookup plan " + MATTER + " (LIKE on Matter_Phone__c, Client_Phone__c, "
        + "litify_pm__Phone__c, Phone_10_Digit__c): TableScan, relativeCost 0.00 (scans 30 records): a full scan, fine "
        + "at this size; its cost grows with the number of " + MATTER + " records, so it will not stay fine as the org "
        + "grows");
    assertThat(r.out().lines().filter(l -> l.contains("TableScan"))).noneMatch(l -> l.contains("selective"));
  }

  @Test
  void theApiUsageLineSaysItsLabelOnce() throws Exception {
    start("", SalesforceSimulator.builder());

    TestWorld.Result r = doctor();

    assertThat(r.out()).containsPattern("PASS  Salesforce API usage: [0-9,]+ of [0-9,]+ today leaves")
        .doesNotContain("Salesforce API usage: Salesforce API usage");
  }
}
