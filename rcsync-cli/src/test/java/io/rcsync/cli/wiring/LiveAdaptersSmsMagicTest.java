package io.rcsync.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.rcsync.core.config.ConfigFile;
import io.rcsync.core.config.ConfigLoader;
import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.SmsMagicFieldMap;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Salesforce ports the CLI builds (issue 15) can read the org's SMS-Magic history and its active users, and the
 * wrappers every port goes through keep both; building them sends no request.
 */
class LiveAdaptersSmsMagicTest {
  private static final String CONFIG = """
      {
        "activeWave": "wave1_intake",
        "waves": { "wave1_intake": [
          { "name": "Alyssia", "extensionId": "376557052", "sfUserId": "005UV0000012345AAA" } ] },
        "salesforce": { "targetOrg": "LITIFY_ORG" }
      }
      """;

  @Test
  void theLiveSalesforcePortsReadTheSmsMagicHistoryAndTheOrgsUsers() {
    ConfigFile config = ConfigLoader.parseFile("sync-config.json", CONFIG);
    CliEnvironment env = CliEnvironment.of(Path.of("."))
        .withEnv(Map.of("SF_ACCESS_TOKEN", "00Dx!token-not-used", "SF_INSTANCE_URL", "https://acme.my.salesforce.com"));
    ApiCalls calls = new ApiCalls();

    SalesforcePorts sf = new LiveAdapters().salesforce(config, Optional.empty(), env, calls);

    assertThat(sf.history(SmsMagicFieldMap.defaults(), 2000)).hasValueSatisfying(h ->
        assertThat(h.description()).contains("smagicinteract__smsMagic__c", "smagicinteract__Incoming_SMS__c"));
    assertThat(sf.staff()).isPresent();
    assertThat(sf.files()).as("the other extensions are kept").isPresent();
    assertThat(sf.records()).isPresent();
    assertThat(calls.snapshot()).as("no request yet").allSatisfy((system, n) -> assertThat(n).isZero());
  }
}
