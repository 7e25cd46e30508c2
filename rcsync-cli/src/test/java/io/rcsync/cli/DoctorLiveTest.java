package io.rcsync.cli;

import io.rcsync.cli.command.RcsyncCommand;
import io.rcsync.cli.wiring.CliEnvironment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.rcsync.cli.wiring.LiveAdapters;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code doctor} on the real adapters: RingCentral is the testkit's simulator, Salesforce a WireMock stub whose
 * describe answers carry the precise problems doctor must explain (a field without edit access, an external id
 * field not marked External ID, an object the user cannot see).
 */
class DoctorLiveTest {
  private static final String DATA = "/services/data/" + io.rcsync.core.config.ConfigFile.SalesforceSection.DEFAULT_API_VERSION;
  private static final String TOKEN = "00DUV000001Xyz!AQ4AQFakeSessionTokenForTests";

  @RegisterExtension
  static WireMockExtension sf = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path dir;

  RingCentralSimulator rc;

  @BeforeEach
  void start() throws Exception {
    rc = RingCentralSimulator.builder().build().start();
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.ALYSSIA), "104", "Alyssia", "Enabled"));
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.KYLE), "105", "Kyle Haney", "Disabled"));
    rc.addExtension(new Extension(ExtensionId.of(TestWorld.DANA), "120", "Dana", "Enabled"));
    Files.createDirectories(dir.resolve(".credentials"));
    Path creds = dir.resolve(".credentials/rc-credentials.json");
    Files.writeString(creds, rc.credentialsJson());
    Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/sync-config.json"), TestWorld.CONFIG);
    // the login check: the version's resource list (SalesforceAdapters#checkLogin)
    sf.stubFor(get(urlPathEqualTo(DATA)).willReturn(okJson("{\"sobjects\": \"" + DATA + "/sobjects\"}")));
    sf.stubFor(get(urlPathEqualTo(DATA + "/sobjects/litify_pm__lit_Note__c/describe")).willReturn(okJson("""
        {"name": "litify_pm__lit_Note__c", "createable": true, "updateable": true, "deletable": true, "fields": [
          {"name": "Id", "type": "id", "createable": false, "updateable": false, "externalId": false},
          {"name": "OwnerId", "type": "reference", "createable": true, "updateable": true, "externalId": false},
          {"name": "litify_pm__lit_Note__c", "type": "textarea", "createable": true, "updateable": true, "externalId": false},
          {"name": "litify_pm__lit_Topic__c", "type": "picklist", "createable": false, "updateable": false, "externalId": false},
          {"name": "litify_pm__lit_Matter__c", "type": "reference", "createable": true, "updateable": true, "externalId": false},
          {"name": "litify_pm__lit_Intake__c", "type": "reference", "createable": true, "updateable": true, "externalId": false},
          {"name": "External_Id__c", "type": "string", "createable": true, "updateable": true, "externalId": false},
          {"name": "Message_Time__c", "type": "datetime", "createable": true, "updateable": true, "externalId": false}
        ]}""")));
    sf.stubFor(get(urlPathEqualTo(DATA + "/sobjects/litify_pm__Matter__c/describe")).willReturn(okJson("""
        {"name": "litify_pm__Matter__c", "createable": true, "updateable": true, "deletable": false, "fields": [
          {"name": "litify_pm__Status__c", "type": "picklist", "createable": true, "updateable": true, "externalId": false},
          {"name": "Matter_Phone__c", "type": "phone", "createable": true, "updateable": true, "externalId": false},
          {"name": "Client_Phone__c", "type": "phone", "createable": true, "updateable": true, "externalId": false},
          {"name": "litify_pm__Phone__c", "type": "phone", "createable": true, "updateable": true, "externalId": false}
        ]}""")));
    sf.stubFor(get(urlPathEqualTo(DATA + "/sobjects/litify_pm__Intake__c/describe")).willReturn(
        aResponse().withStatus(404).withHeader("Content-Type", "application/json")
            .withBody("[{\"errorCode\": \"NOT_FOUND\", \"message\": \"The requested resource does not exist\"}]")));
  }

  @AfterEach
  void stop() {
    rc.close();
  }

  @Test
  void doctorExplainsEachSalesforceProblemWithItsFix() {
    Map<String, String> env = Map.of("SF_ACCESS_TOKEN", TOKEN, "SF_INSTANCE_URL", "http://localhost:" + sf.getPort(),
        "PATH", "/usr/bin:/bin");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = RcsyncCommand.commandLine(CliEnvironment.of(dir).withEnv(env).withAdapters(new LiveAdapters()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("doctor");

    String text = out.toString();
    assertThat(code).as(text + err).isEqualTo(2);
    assertThat(text).contains(
        "PASS  RingCentral credentials: client id " + rc.clientId(),
        "PASS  RingCentral login: logged in to " + rc.baseUrl(),
        "PASS  extension of Alyssia (wave1_intake): 376557052 (ext 104, Alyssia)",
        "WARN  extension of Kyle Haney (wave1_intake): 376557053 (Kyle Haney) is Disabled",
        "PASS  Salesforce login: logged in to http://localhost:" + sf.getPort() + " (API " + DATA.substring(DATA.lastIndexOf('/') + 1) + ")",
        "FAIL  field litify_pm__lit_Note__c.litify_pm__lit_Topic__c: is not writable by this user (neither createable nor updateable)",
        "fix: grant Edit field-level security on litify_pm__lit_Topic__c",
        "FAIL  field litify_pm__lit_Note__c.External_Id__c: is not marked External ID",
        "FAIL  object litify_pm__Intake__c: does not exist in the org",
        "FAIL  phone field Phone_10_Digit__c: exists on neither",
        "PASS  phone field Matter_Phone__c: on litify_pm__Matter__c");
    assertThat(text + err).doesNotContain(TOKEN).doesNotContain(rc.jwt()).doesNotContain(rc.clientSecret());
    sf.verify(getRequestedFor(urlPathEqualTo(DATA + "/sobjects/litify_pm__lit_Note__c/describe"))
        .withHeader("Authorization", matching("Bearer .+")));
  }

  private void configureCounterpartyField(String field) throws Exception {
    Files.writeString(dir.resolve("config/sync-config.json"), TestWorld.CONFIG.replace(
        "\"note\": { \"messageTimeField\": \"Message_Time__c\" }",
        "\"note\": { \"messageTimeField\": \"Message_Time__c\", \"counterpartyField\": \"" + field + "\" }"));
  }

  @Test
  void aConfiguredCounterpartyFieldTheNoteObjectLacksFailsWithTheKeyToFix() throws Exception {
    configureCounterpartyField("RcSync_Counterparty__c");

    TestWorld.Result r = doctor();

    assertThat(r.out()).contains("FAIL  field litify_pm__lit_Note__c.RcSync_Counterparty__c: does not exist",
        "fix: create it, or set salesforce.note.counterpartyField in the config to the field's API name");
  }

  @Test
  void aConfiguredCounterpartyFieldIsCheckedWritableLikeTheMessageTimeField() throws Exception {
    configureCounterpartyField("Message_Phone__c");
    // the same describe, with a Text(20) counterparty field this user may create but not edit
    sf.stubFor(get(urlPathEqualTo(DATA + "/sobjects/litify_pm__lit_Note__c/describe")).willReturn(okJson("""
        {"name": "litify_pm__lit_Note__c", "createable": true, "updateable": true, "deletable": true, "fields": [
          {"name": "OwnerId", "type": "reference", "createable": true, "updateable": true, "externalId": false},
          {"name": "litify_pm__lit_Note__c", "type": "textarea", "createable": true, "updateable": true, "externalId": false},
          {"name": "litify_pm__lit_Topic__c", "type": "picklist", "createable": true, "updateable": true, "externalId": false},
          {"name": "litify_pm__lit_Matter__c", "type": "reference", "createable": true, "updateable": true, "externalId": false},
          {"name": "litify_pm__lit_Intake__c", "type": "reference", "createable": true, "updateable": true, "externalId": false},
          {"name": "External_Id__c", "type": "string", "createable": true, "updateable": true, "externalId": true},
          {"name": "Message_Time__c", "type": "datetime", "createable": true, "updateable": true, "externalId": false},
          {"name": "Message_Phone__c", "type": "string", "createable": true, "updateable": false, "externalId": false}
        ]}""")));

    TestWorld.Result r = doctor();

    assertThat(r.out()).contains(
        "FAIL  field litify_pm__lit_Note__c.Message_Phone__c: is not writable by this user (not updateable)",
        "PASS  field litify_pm__lit_Note__c.Message_Time__c: datetime, writable");
  }

  @Test
  void rejectedRingCentralCredentialsExitThreeWithTheFix() throws Exception {
    Files.writeString(dir.resolve(".credentials/rc-credentials.json"),
        rc.credentialsJson().replace(rc.jwt(), "eyJhbGciOiJSUzI1NiJ9.not-the-right-jwt.sig"));
    StringWriter out = new StringWriter();
    CommandLine cl = RcsyncCommand.commandLine(CliEnvironment.of(dir)
        .withEnv(Map.of("SF_ACCESS_TOKEN", TOKEN, "SF_INSTANCE_URL", "http://localhost:" + sf.getPort())));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));

    int code = cl.execute("doctor");

    assertThat(code).as(out.toString()).isEqualTo(3);
    assertThat(out.toString()).contains("FAIL  RingCentral login:", "fix: check the app's client id/secret and the JWT");
  }

  @Test
  void anUnreachableRingCentralServerNamesTheUrlAndNetworkSkipsTheExtensionChecksAndKeepsTheRosterWarnings()
      throws Exception {
    Files.writeString(dir.resolve(".credentials/rc-credentials.json"),
        rc.credentialsJson().replace(rc.baseUrl(), "http://127.0.0.1:1"));
    Files.writeString(dir.resolve("config/sync-config.json"),
        TestWorld.CONFIG.replace(", \"sfUserId\": \"005UV0000012347AAA\"", ""));

    TestWorld.Result r = doctor();

    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).contains("FAIL  RingCentral login:", "ConnectException", "(3 attempts)",
        "fix: check the RingCentral server URL (ringcentral.server in config/sync-config.json, or RC_SERVER_URL",
        "and that this machine can reach it: DNS, an HTTP proxy, a firewall",
        "SKIP  RingCentral extensions: not checked: needs the RingCentral login, which failed above",
        "SKIP  roster extensions: 2 staff member(s) not looked up in the RingCentral account",
        "WARN  extension of Dana (wave2_case_managers): no sfUserId: its texts will fail",
        "fix: set sfUserId for Dana in waves.wave2_case_managers, entry 1 to their Salesforce User id",
        "WARN  extension of Sara Collins (wave1_intake): no RingCentral extension")
        .doesNotContain("client id/secret and the JWT")
        // this test's Salesforce stub has problems of its own: only the skipped count is RingCentral's
        .containsPattern("\\d+ passed, \\d+ warning\\(s\\), \\d+ failed, 2 skipped: fix the failures");
  }

  private TestWorld.Result doctor(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = RcsyncCommand.commandLine(CliEnvironment.of(dir)
        .withEnv(Map.of("SF_ACCESS_TOKEN", TOKEN, "SF_INSTANCE_URL", "http://localhost:" + sf.getPort()))
        .withAdapters(new LiveAdapters()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "doctor";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = cl.execute(all);
    return new TestWorld.Result(code, out.toString(), err.toString());
  }

  private void breakTheJwt() throws Exception {
    Files.writeString(dir.resolve(".credentials/rc-credentials.json"),
        rc.credentialsJson().replace(rc.jwt(), "eyJhbGciOiJSUzI1NiJ9.not-the-right-jwt.sig"));
  }

  @Test
  void aLoginFromTheSharedCacheSaysSoAndThatTheJwtWasNotTested() throws Exception {
    TestWorld.Result first = doctor();
    breakTheJwt();

    TestWorld.Result cached = doctor();

    assertThat(first.out()).contains("PASS  RingCentral login: logged in to " + rc.baseUrl())
        .doesNotContain("shared cache");
    assertThat(cached.out()).contains("PASS  RingCentral login: logged in to " + rc.baseUrl(),
        "; session from the shared cache .rcsync/rc-token.json; the JWT itself was not tested ('rcsync doctor "
            + "--check-jwt' tests it)");
    assertThat(rc.jwtLogins()).isEqualTo(1);
  }

  @Test
  void checkJwtFailsABadJwtEvenWhileTheCachedSessionWorks() throws Exception {
    doctor();
    breakTheJwt();

    TestWorld.Result r = doctor("--check-jwt");

    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).contains("PASS  RingCentral login:", "FAIL  RingCentral JWT: RingCentral rejected the JWT",
        "fix: check the app's client id/secret and the JWT");
    assertThat(r.out() + r.err()).doesNotContain("not-the-right-jwt");
  }

  @Test
  void checkJwtMakesOneLoginOfItsOwnAndRevokesItLeavingTheSharedSessionAsItWas() throws Exception {
    doctor();
    Path cache = dir.resolve(".rcsync/rc-token.json");
    String shared = Files.readString(cache);
    long revoked = rc.revocations();

    TestWorld.Result r = doctor("--check-jwt");

    assertThat(r.out()).contains("PASS  RingCentral login:", "session from the shared cache",
        "PASS  RingCentral JWT: RingCentral accepted the JWT from field 'jwt' of "
            + dir.resolve(".credentials/rc-credentials.json") + " (one JWT login; that extra session revoked at once); "
            + "the shared session .rcsync/rc-token.json was left as it was");
    assertThat(rc.jwtLogins()).isEqualTo(2);
    assertThat(rc.revocations()).isEqualTo(revoked + 1);
    assertThat(Files.readString(cache)).isEqualTo(shared);
    String access = new com.fasterxml.jackson.databind.ObjectMapper().readTree(shared).path("accessToken").asText();
    assertThat(r.out() + r.err()).doesNotContain(access);
  }

  @Test
  void aTokenCacheOpenToOthersGetsTheChmodFixNotTheCredentialsFix() throws Exception {
    doctor();
    Files.setPosixFilePermissions(dir.resolve(".rcsync/rc-token.json"), PosixFilePermissions.fromString("rw-r--r--"));

    TestWorld.Result r = doctor();

    assertThat(r.code()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).contains("FAIL  RingCentral login:", ".rcsync/rc-token.json has permissions rw-r--r--",
        "fix: chmod 600 .rcsync/rc-token.json (it holds the shared session's tokens and is rw-r--r--), or run "
            + "'rcsync logout'")
        .doesNotContain("fix: check the app's client id/secret");
  }

  @Test
  void aSyncWithMissingRingCentralCredentialsIsAConfigErrorNamingTheFile() throws Exception {
    Files.delete(dir.resolve(".credentials/rc-credentials.json"));
    StringWriter err = new StringWriter();
    CommandLine cl = RcsyncCommand.commandLine(CliEnvironment.of(dir).withEnv(Map.of()));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("sync", "--incremental");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).doesNotContain("\n").contains("rc-credentials.json not found");
  }
}
