package io.rcsync.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliEnvironmentTest {
  @Test
  void secretVariablesOfSixCharactersOrMoreAreMasked() {
    CliEnvironment env = CliEnvironment.of(Path.of("."))
        .withEnv(Map.of("RC_JWT", "eyJhbGciOi.payload.sig", "RC_CLIENT_SECRET", "s3cret", "SF_ACCESS_TOKEN", "00Dxx!AR8"));

    assertThat(env.secrets()).containsExactlyInAnyOrder("eyJhbGciOi.payload.sig", "s3cret", "00Dxx!AR8");
  }

  @Test
  void shortValuesAreNotTreatedAsSecretsSoReportsStayReadable() {
    // a placeholder such as RC_JWT=2026 would otherwise turn every date and message id in the reports into ****
    CliEnvironment env = CliEnvironment.of(Path.of(".")).withEnv(Map.of("RC_JWT", "2026", "RC_CLIENT_SECRET", "x1y2z"));

    assertThat(env.secrets()).isEmpty();
  }

  @Test
  void otherVariablesAreNeverSecrets() {
    CliEnvironment env = CliEnvironment.of(Path.of(".")).withEnv(Map.of("HOME", "/home/operator-with-long-name"));

    assertThat(env.secrets()).isEmpty();
  }
}
