package io.rcsync.ringcentral;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.testkit.contract.ExtensionDirectoryContract;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The real extension directory passes the contract against the embedded RingCentral simulator. */
class RingCentralExtensionDirectoryContractTest extends ExtensionDirectoryContract {
  private RingCentralSimulator sim;

  @Override
  protected ExtensionDirectory directoryHolding(List<Extension> extensions) {
    sim = RingCentralSimulator.builder().build().start();
    sim.addExtensions(extensions);
    RingCentralCredentials credentials = RingCentralCredentials.of(sim.clientId(), sim.clientSecret(), sim.jwt())
        .withServer(URI.create(sim.baseUrl()));
    return RingCentralExtensionDirectory.create(RingCentralConfig.ofDefaults(credentials), new ApiCalls());
  }

  @AfterEach
  void stopSimulator() {
    if (sim != null) {
      sim.close();
    }
  }
}
