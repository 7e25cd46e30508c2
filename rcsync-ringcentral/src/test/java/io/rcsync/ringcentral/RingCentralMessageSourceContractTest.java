package io.rcsync.ringcentral;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.ExtensionDirectory.Extension;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.testkit.contract.MessageSourceContract;
import io.rcsync.testkit.sim.ringcentral.RingCentralSimulator;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The real adapter passes the message-source contract against the embedded RingCentral simulator. */
class RingCentralMessageSourceContractTest extends MessageSourceContract {
  private RingCentralSimulator sim;

  /** Page size the adapter asks for; subclasses page in smaller steps. */
  int perPage() {
    return RingCentralConfig.MAX_PER_PAGE;
  }

  RingCentralSimulator.Builder simulator() {
    return RingCentralSimulator.builder(); // RingCentral's documented rate limits
  }

  @Override
  protected MessageSource sourceHolding(List<SmsMessage> messages) {
    sim = simulator().build().start();
    for (var ext : List.of(EXT_A, EXT_B, EXT_EMPTY)) {
      sim.addExtension(new Extension(ext, null, "Staff " + ext, "Enabled"));
    }
    sim.addMessages(messages);
    RingCentralCredentials credentials = RingCentralCredentials.of(sim.clientId(), sim.clientSecret(), sim.jwt())
        .withServer(URI.create(sim.baseUrl()));
    return RingCentralMessageSource.create(RingCentralConfig.builder(credentials).perPage(perPage()).build(),
        new ApiCalls());
  }

  // Message Sync hooks: the simulator's store changes as RingCentral's would (its change log numbers every change)

  @Override
  protected void addToStore(MessageSource source, SmsMessage message) {
    sim.addMessages(List.of(message));
  }

  @Override
  protected void changeStatusInStore(MessageSource source, SmsMessage message, String status) {
    sim.setMessageStatus(message.extension(), message.id().value(), status, message.creationTime().plusSeconds(60));
  }

  @Override
  protected void deleteInStore(MessageSource source, SmsMessage message) {
    sim.deleteMessage(message.extension(), message.id().value());
  }

  @Override
  protected void purgeInStore(MessageSource source, SmsMessage message) {
    sim.purgeMessage(message.extension(), message.id().value());
  }

  @Override
  protected void invalidateSyncTokens(MessageSource source, ExtensionId extension) {
    sim.expireSyncTokens();
  }

  @AfterEach
  void stopSimulator() {
    if (sim != null) {
      sim.close();
    }
  }
}
