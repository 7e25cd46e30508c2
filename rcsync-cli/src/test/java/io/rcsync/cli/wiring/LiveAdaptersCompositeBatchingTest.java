package io.rcsync.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.domain.ApiCalls;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The config file's {@code salesforce.compositeBatching} reaches the Salesforce Note sink the CLI builds. */
class LiveAdaptersCompositeBatchingTest {
  private static final String CONFIG = """
      {
        "activeWave": "wave1_intake",
        "waves": { "wave1_intake": [
          { "name": "Alyssia", "extensionId": "376557052", "sfUserId": "005UV0000012345AAA" } ] },
        "salesforce": { "targetOrg": "LITIFY_ORG"%s }
      }
      """;

  private static int notesPerWriteCall(String salesforceExtra) {
    ConfigFile config = ConfigLoader.parseFile("sync-config.json", CONFIG.formatted(salesforceExtra));
    CliEnvironment env = CliEnvironment.of(Path.of("."))
        .withEnv(Map.of("SF_ACCESS_TOKEN", "00Dx!token-not-used", "SF_INSTANCE_URL", "https://acme.my.salesforce.com"));
    return new LiveAdapters().salesforce(config, Optional.empty(), env, new ApiCalls()).sink().maxBatchSize();
  }

  @Test
  void notesGoAThousandToACallByDefault() {
    assertThat(notesPerWriteCall("")).isEqualTo(1000);
  }

  @Test
  void compositeBatchingFalseWritesOneCollectionOf200PerCall() {
    assertThat(notesPerWriteCall(", \"compositeBatching\": false")).isEqualTo(200);
  }
}
