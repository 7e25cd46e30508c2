package io.rcsync.ringcentral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rcsync.ringcentral.RingCentralCredentials.Field;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RingCentralCredentialsTest {
  @TempDir Path dir;

  private Path file(String json) throws IOException {
    Path f = dir.resolve("rc-credentials.json");
    Files.writeString(f, json);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  @Test
  void readsAllFieldsFromTheFile() throws IOException {
    Path f = file("{\"clientId\":\"cid\",\"clientSecret\":\"csecret\",\"jwt\":\"the.jwt.value\","
        + "\"server\":\"https://platform.devtest.ringcentral.com/\"}");

    RingCentralCredentials c = RingCentralCredentials.load(f, Map.of());

    assertThat(c.clientId()).isEqualTo("cid");
    assertThat(c.clientSecret()).isEqualTo("csecret");
    assertThat(c.jwt()).isEqualTo("the.jwt.value");
    assertThat(c.server()).isEqualTo(URI.create("https://platform.devtest.ringcentral.com"));
    assertThat(c.warnings()).isEmpty();
    assertThat(c.originOf(Field.JWT)).isEqualTo("field 'jwt' of " + f);
  }

  @Test
  void serverDefaultsToProduction() throws IOException {
    Path f = file("{\"clientId\":\"cid\",\"clientSecret\":\"csecret\",\"jwt\":\"the.jwt.value\"}");

    assertThat(RingCentralCredentials.load(f, Map.of()).server()).isEqualTo(URI.create("https://platform.ringcentral.com"));
  }

  @Test
  void environmentVariablesOverrideTheFileFieldByField() throws IOException {
    Path f = file("{\"clientId\":\"cid\",\"clientSecret\":\"csecret\",\"jwt\":\"file.jwt\",\"server\":\"https://a.example\"}");

    RingCentralCredentials c = RingCentralCredentials.load(f,
        Map.of("RC_JWT", "env.jwt", "RC_SERVER_URL", "http://127.0.0.1:8089"));

    assertThat(c.clientId()).isEqualTo("cid");
    assertThat(c.jwt()).isEqualTo("env.jwt");
    assertThat(c.server()).isEqualTo(URI.create("http://127.0.0.1:8089"));
    assertThat(c.originOf(Field.JWT)).isEqualTo("environment variable RC_JWT");
    assertThat(c.originOf(Field.CLIENT_ID)).contains(f.toString());
  }

  @Test
  void needsNoFileWhenTheEnvironmentHoldsEveryCredential() {
    RingCentralCredentials c = RingCentralCredentials.load(dir.resolve("absent.json"),
        Map.of("RC_CLIENT_ID", "cid", "RC_CLIENT_SECRET", "csecret", "RC_JWT", "env.jwt"));

    assertThat(c.jwt()).isEqualTo("env.jwt");
  }

  @Test
  void missingFieldNamesTheFileAndTheField() throws IOException {
    Path f = file("{\"clientId\":\"cid\",\"clientSecret\":\"csecret\"}");

    assertThatThrownBy(() -> RingCentralCredentials.load(f, Map.of()))
        .isInstanceOf(RingCentralCredentialsException.class)
        .hasMessage("RingCentral credentials file " + f + ": missing field 'jwt' (add it to the file or set RC_JWT)");
  }

  @Test
  void missingFileSaysWhatToCreateOrSet() {
    Path f = dir.resolve("nope.json");

    assertThatThrownBy(() -> RingCentralCredentials.load(f, Map.of("RC_CLIENT_ID", "cid")))
        .isInstanceOf(RingCentralCredentialsException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("not found")
        .hasMessageContaining("RC_CLIENT_SECRET, RC_JWT");
  }

  @Test
  void invalidJsonIsReportedWithoutEchoingTheFile() throws IOException {
    Path f = file("{\"clientId\":\"cid\",\"clientSecret\":\"csecret-value\" \"jwt\":\"secret.jwt\"}");

    assertThatThrownBy(() -> RingCentralCredentials.load(f, Map.of()))
        .isInstanceOf(RingCentralCredentialsException.class)
        .hasMessageContaining("is not valid JSON at line 1")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("csecret-value").doesNotContain("secret.jwt"));
  }

  @Test
  void nonStringFieldIsAnError() throws IOException {
    Path f = file("{\"clientId\":12345,\"clientSecret\":\"csecret\",\"jwt\":\"j.w.t\"}");

    assertThatThrownBy(() -> RingCentralCredentials.load(f, Map.of()))
        .hasMessage("RingCentral credentials file " + f + ": field 'clientId' must be a string");
  }

  @Test
  void badServerUrlIsNamed() throws IOException {
    Path f = file("{\"clientId\":\"cid\",\"clientSecret\":\"csecret\",\"jwt\":\"j.w.t\",\"server\":\"platform\"}");

    assertThatThrownBy(() -> RingCentralCredentials.load(f, Map.of()))
        .hasMessageContaining("field 'server' is not an http(s) URL: 'platform'");
  }

  @Test
  void refusesAPlainHttpServerThatIsNotLocalSoSecretsNeverTravelInClearText() throws IOException {
    Path f = file("{\"clientId\":\"cid\",\"clientSecret\":\"csecret\",\"jwt\":\"j.w.t\","
        + "\"server\":\"http://platform.ringcentral.com\"}");

    assertThatThrownBy(() -> RingCentralCredentials.load(f, Map.of()))
        .isInstanceOf(RingCentralCredentialsException.class)
        .hasMessageContaining("field 'server' 'http://platform.ringcentral.com' must use https")
        .hasMessageNotContaining("csecret").hasMessageNotContaining("j.w.t");
    assertThatThrownBy(() -> RingCentralCredentials.load(f, Map.of("RC_SERVER_URL", "http://10.0.0.5:8080")))
        .hasMessageContaining("environment variable RC_SERVER_URL 'http://10.0.0.5:8080' must use https");
    assertThatThrownBy(() -> RingCentralCredentials.of("cid", "csecret", "j.w.t")
        .withServer(URI.create("http://rc.example.com")))
        .hasMessageContaining("must use https");
  }

  @Test
  void acceptsPlainHttpOnlyForLoopbackSimulators() {
    RingCentralCredentials c = RingCentralCredentials.of("cid", "csecret", "j.w.t");

    assertThat(c.withServer(URI.create("http://localhost:8089")).server()).hasToString("http://localhost:8089");
    assertThat(c.withServer(URI.create("http://127.0.0.1:8089")).server()).hasToString("http://127.0.0.1:8089");
    assertThat(c.withServer(URI.create("http://[::1]:8089")).server()).hasToString("http://[::1]:8089");
    assertThat(c.withServer(URI.create("https://platform.devtest.ringcentral.com")).server())
        .hasToString("https://platform.devtest.ringcentral.com");
  }

  @Test
  void configRefusesAPlainHttpServerOverride() {
    RingCentralCredentials c = RingCentralCredentials.of("cid", "csecret", "j.w.t");

    assertThatThrownBy(() -> RingCentralConfig.builder(c).serverUrl("http://rc.example.com").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must use https");
  }

  @Test
  void warnsWhenTheFileIsReadableByGroupOrOthers() throws IOException {
    Path f = file("{\"clientId\":\"cid\",\"clientSecret\":\"csecret\",\"jwt\":\"j.w.t\"}");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));

    RingCentralCredentials c = RingCentralCredentials.load(f, Map.of());

    assertThat(c.warnings()).singleElement().asString()
        .contains("readable by group/others (rw-r--r--)")
        .contains("chmod 600 " + f);
  }

  @Test
  void warnsAboutUnknownFields() throws IOException {
    Path f = file("{\"clientId\":\"cid\",\"clientSecret\":\"csecret\",\"jwt\":\"j.w.t\",\"username\":\"x\"}");

    assertThat(RingCentralCredentials.load(f, Map.of()).warnings())
        .containsExactly("RingCentral credentials file " + f + ": unknown field 'username' ignored");
  }

  @Test
  void toStringNeverShowsTheSecretOrTheJwt() {
    RingCentralCredentials c = RingCentralCredentials.of("cid", RcJson.SECRET, RcJson.JWT);

    assertThat(c.toString()).contains("cid").doesNotContain(RcJson.SECRET).doesNotContain(RcJson.JWT);
    assertThat(RingCentralConfig.ofDefaults(c).toString()).doesNotContain(RcJson.SECRET).doesNotContain(RcJson.JWT);
  }
}
