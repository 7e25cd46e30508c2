package io.rcsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.core.port.out.ExternalSystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs small fake {@code sf} scripts from a temp dir; never a real Salesforce CLI. */
class SfCliAuthTest {
  private static final String TOKEN = "00DUV000000abcd!ARQAQSecretTokenValue.xyz";

  @TempDir
  Path dir;

  private Path fakeSf(String body) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path sf = bin.resolve("sf");
    Files.writeString(sf, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(sf, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private static String displayJson(String token) {
    return "cat <<'JSON'\n{\n  \"status\": 0,\n  \"result\": {\n    \"id\": \"00DUV000000abcdEAA\",\n    \"apiVersion\": \"62.0\",\n"
        + "    \"accessToken\": \"" + token + "\",\n    \"instanceUrl\": \"https://litify-demo.my.salesforce.com\",\n"
        + "    \"username\": \"sam@example.com\",\n    \"clientId\": \"PlatformCLI\",\n    \"connectedStatus\": \"Connected\",\n"
        + "    \"alias\": \"LITIFY_ORG\"\n  },\n  \"warnings\": []\n}\nJSON";
  }

  private SfCliAuth auth(Path bin) {
    return SfCliAuth.builder("LITIFY_ORG").searchPath(bin.toString() + ":/usr/bin:/bin").timeout(Duration.ofSeconds(20)).build();
  }

  @Test
  void readsAccessTokenAndInstanceUrlFromSfOrgDisplay() throws IOException {
    Path bin = fakeSf("echo \"$@\" > \"$(dirname \"$0\")/args\"\n" + displayJson(TOKEN));

    SalesforceSession session = auth(bin).session();

    assertThat(session.instanceUrl()).isEqualTo("https://litify-demo.my.salesforce.com");
    assertThat(session.accessToken()).isEqualTo(TOKEN);
    assertThat(session.toString()).doesNotContain(TOKEN);
    assertThat(Files.readString(bin.resolve("args")).strip()).isEqualTo("org display --target-org LITIFY_ORG --json");
  }

  /**
   * A CLI from May 2026 on: org display prints a placeholder instead of the token
   * (salesforcecli/plugin-org messages/secrets-redacted.md), org auth show-access-token prints the token.
   */
  private static String currentCli(String showAccessTokenAnswer) {
    return "echo \"$@\" >> \"$(dirname \"$0\")/calls\"\n"
        + "if [ \"$1 $2\" = \"org display\" ]; then\n"
        + displayJson("[REDACTED] Use 'sf org auth show-access-token' to view").replace("<<'JSON'", "<<'JSON'") + "\n"
        + "else\n" + showAccessTokenAnswer + "\nfi";
  }

  @Test
  void takesTheTokenFromShowAccessTokenWhenOrgDisplayRedactsIt() throws IOException {
    Path bin = fakeSf(currentCli("echo 'Warning: This command will expose sensitive information.' >&2\n"
        + "echo '{\"status\":0,\"result\":{\"accessToken\":\"" + TOKEN + "\"},\"warnings\":[\"exposes a token\"]}'"));

    SalesforceSession session = auth(bin).session();

    assertThat(session.accessToken()).isEqualTo(TOKEN);
    assertThat(session.instanceUrl()).isEqualTo("https://litify-demo.my.salesforce.com");
    assertThat(Files.readAllLines(bin.resolve("calls"))).containsExactly(
        "org display --target-org LITIFY_ORG --json", "org auth show-access-token --target-org LITIFY_ORG --json");
  }

  @Test
  void neverUsesTheRedactionPlaceholderAsAToken() throws IOException {
    Path bin = fakeSf(currentCli("echo '{\"status\":0,\"result\":{}}'"));

    assertThatThrownBy(() -> auth(bin).session()).isInstanceOfSatisfying(ExternalSystemException.class, e -> {
      assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
      assertThat(e.getMessage()).contains("sf org auth show-access-token --target-org LITIFY_ORG --json",
          "returned no accessToken", "sf org login web --alias LITIFY_ORG").doesNotContain("REDACTED");
    });
    assertThat(SfCliAuth.usableToken("[REDACTED] Use 'sf org auth show-access-token' to view")).isFalse();
    assertThat(SfCliAuth.usableToken(TOKEN)).isTrue();
  }

  @Test
  void aCliThatFailsShowAccessTokenIsToldToUpdateOrLogIn() throws IOException {
    Path bin = fakeSf(currentCli("echo '{\"status\":1,\"name\":\"NoAccessTokenError\",\"message\":\"No access token found"
        + " for sam@example.com.\",\"exitCode\":1}'\nexit 1"));

    assertThatThrownBy(() -> auth(bin).session()).isInstanceOfSatisfying(ExternalSystemException.class, e -> {
      assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
      assertThat(e.getMessage()).contains("NoAccessTokenError", "sf update", "sf org login web --alias LITIFY_ORG")
          .doesNotContain("\n");
    });
  }

  @Test
  void cachesTheSessionAndRenewsOnlyWhenAsked() throws IOException {
    Path bin = fakeSf("n=$(cat \"$(dirname \"$0\")/count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$(dirname \"$0\")/count\"\n"
        + displayJson("00DUV000000abcd!token-$n").replace("<<'JSON'", "<<JSON"));
    SfCliAuth auth = auth(bin);

    SalesforceSession first = auth.session();
    assertThat(auth.session()).isSameAs(first);
    SalesforceSession renewed = auth.renew(first);

    assertThat(first.accessToken()).endsWith("token-1");
    assertThat(renewed.accessToken()).endsWith("token-2");
    assertThat(auth.renew(first)).isSameAs(renewed); // a second adapter reporting the same stale session
    assertThat(Files.readString(bin.resolve("count")).strip()).isEqualTo("2");
  }

  @Test
  void missingSfNamesTheInstallAndLoginCommands() {
    SfCliAuth auth = SfCliAuth.builder("LITIFY_ORG").searchPath(dir.resolve("empty").toString()).build();

    assertThatThrownBy(auth::session).isInstanceOfSatisfying(ExternalSystemException.class, e -> {
      assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
      assertThat(e.getMessage()).contains("`sf` is not on the PATH", "sf org login web --alias LITIFY_ORG", "SF_ACCESS_TOKEN");
      assertThat(e.getMessage()).doesNotContain("\n");
    });
  }

  @Test
  void unauthorisedOrgTellsTheOperatorToLogIn() throws IOException {
    Path bin = fakeSf("cat <<'JSON'\n{\n  \"name\": \"NamedOrgNotFoundError\",\n  \"message\": \"No authorization information found for LITIFY_ORG.\",\n"
        + "  \"exitCode\": 1,\n  \"context\": \"OrgDisplay\",\n  \"status\": 1,\n  \"stack\": \"NamedOrgNotFoundError: No authorization...\\n at x\",\n"
        + "  \"warnings\": []\n}\nJSON\nexit 1");

    assertThatThrownBy(() -> auth(bin).session()).isInstanceOfSatisfying(ExternalSystemException.class, e -> {
      assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
      assertThat(e.getMessage())
          .contains("NamedOrgNotFoundError", "No authorization information found for LITIFY_ORG", "sf org login web --alias LITIFY_ORG")
          .doesNotContain("\n").doesNotContain("stack");
    });
  }

  @Test
  void errorJsonOnStderrIsReadToo() throws IOException {
    Path bin = fakeSf("echo '{\"status\":1,\"name\":\"NoDefaultEnvError\",\"message\":\"No default environment found.\"}' >&2\nexit 1");

    assertThatThrownBy(() -> auth(bin).session()).isInstanceOfSatisfying(ExternalSystemException.class,
        e -> assertThat(e.getMessage()).contains("NoDefaultEnvError", "sf org login web --alias LITIFY_ORG"));
  }

  @Test
  void nonJsonOutputIsAnAuthenticationErrorThatNeverEchoesTheOutput() throws IOException {
    Path bin = fakeSf("echo 'Access Token   " + TOKEN + "'\necho 'Instance Url   https://x.my.salesforce.com'");

    assertThatThrownBy(() -> auth(bin).session()).isInstanceOfSatisfying(ExternalSystemException.class, e -> {
      assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
      assertThat(e.getMessage()).contains("not JSON", "sf org display --target-org LITIFY_ORG --json", "sf org login web");
      assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("ARQAQ");
    });
  }

  @Test
  void resultWithoutTokenNamesTheConnectionStatus() throws IOException {
    Path bin = fakeSf("echo '{\"status\":0,\"result\":{\"instanceUrl\":\"https://x.my.salesforce.com\",\"connectedStatus\":\"RefreshTokenAuthError\"}}'");

    assertThatThrownBy(() -> auth(bin).session()).isInstanceOfSatisfying(ExternalSystemException.class,
        e -> assertThat(e.getMessage()).contains("no accessToken", "RefreshTokenAuthError", "sf org login web --alias LITIFY_ORG"));
  }

  @Test
  void warningLinesBeforeTheJsonAreSkipped() throws IOException {
    Path bin = fakeSf("echo 'Warning: @salesforce/cli update available from 2.60.0 to 2.70.1.'\n" + displayJson(TOKEN));

    assertThat(auth(bin).session().accessToken()).isEqualTo(TOKEN);
  }

  @Test
  void aHangingCliIsStoppedAtTheTimeout() throws IOException {
    Path bin = fakeSf("exec sleep 30");
    SfCliAuth auth = SfCliAuth.builder("LITIFY_ORG").searchPath(bin.toString() + ":/usr/bin:/bin").timeout(Duration.ofMillis(300)).build();

    assertThatThrownBy(auth::session).isInstanceOfSatisfying(ExternalSystemException.class,
        e -> assertThat(e.getMessage()).contains("did not finish within", "sf org login web"));
  }

  @Test
  void explicitExecutableIsUsedInsteadOfThePath() throws IOException {
    Path bin = fakeSf(displayJson(TOKEN));
    SfCliAuth auth = SfCliAuth.builder("LITIFY_ORG").executable(bin.resolve("sf")).build();

    assertThat(auth.session().accessToken()).isEqualTo(TOKEN);
  }

  @Test
  void targetOrgCannotSmuggleOptions() {
    assertThatThrownBy(() -> SfCliAuth.builder("--json; rm -rf /")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SfCliAuth.builder("-o")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void environmentTokenWinsOverTheCli() {
    SalesforceAuth auth = SalesforceAuth.fromEnvironment(
        Map.of("SF_ACCESS_TOKEN", TOKEN, "SF_INSTANCE_URL", "https://acme.my.salesforce.com/"), Optional.of("LITIFY_ORG"));

    assertThat(auth).isInstanceOf(StaticTokenAuth.class);
    assertThat(auth.session().instanceUrl()).isEqualTo("https://acme.my.salesforce.com");
    assertThat(auth.toString()).doesNotContain(TOKEN);
    assertThatThrownBy(() -> auth.renew(auth.session())).isInstanceOfSatisfying(ExternalSystemException.class, e -> {
      assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
      assertThat(e.getMessage()).contains("SF_ACCESS_TOKEN").doesNotContain(TOKEN);
    });
  }

  @Test
  void withoutEnvironmentTokenTheTargetOrgSelectsTheCli() {
    SalesforceAuth auth = SalesforceAuth.fromEnvironment(Map.of("PATH", "/usr/bin"), Optional.of("LITIFY_ORG"));

    assertThat(auth).isInstanceOf(SfCliAuth.class);
    assertThat(((SfCliAuth) auth).targetOrg()).isEqualTo("LITIFY_ORG");
  }

  @Test
  void halfSetEnvironmentNamesTheMissingVariable() {
    assertThatThrownBy(() -> SalesforceAuth.fromEnvironment(Map.of("SF_ACCESS_TOKEN", TOKEN), Optional.of("LITIFY_ORG")))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.getMessage()).contains("SF_INSTANCE_URL is not").doesNotContain(TOKEN);
          assertThat(e.kind()).isEqualTo(ExternalSystemException.Kind.AUTHENTICATION);
        });
  }

  @Test
  void noCredentialsAtAllSaysHowToProvideThem() {
    assertThatThrownBy(() -> SalesforceAuth.fromEnvironment(Map.of(), Optional.empty()))
        .isInstanceOfSatisfying(ExternalSystemException.class,
            e -> assertThat(e.getMessage()).contains("salesforce.targetOrg", "sf org login web", "SF_ACCESS_TOKEN"));
  }

  @Test
  void plainHttpInstanceUrlIsRefusedOutsideLoopback() {
    assertThatThrownBy(() -> new StaticTokenAuth("http://acme.my.salesforce.com", TOKEN))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> assertThat(e.getMessage()).contains("https").doesNotContain(TOKEN));
    assertThat(new StaticTokenAuth("http://localhost:8080", TOKEN).session().instanceUrl()).isEqualTo("http://localhost:8080");
  }
}
