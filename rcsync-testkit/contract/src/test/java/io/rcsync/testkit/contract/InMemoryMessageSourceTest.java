package io.rcsync.testkit.contract;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The in-memory fake (Message Sync on) passes {@link MessageSourceContract}. */
class InMemoryMessageSourceTest extends MessageSourceContract {
  /** The fake's page size; a subclass pages in smaller steps. */
  protected int pageSize() {
    return 1000;
  }

  @Override
  protected MessageSource sourceHolding(List<SmsMessage> messages) {
    return new InMemoryMessageSource(new ApiCalls(), pageSize()).addAll(messages)
        .withMessageSync(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static InMemoryMessageSource fake(MessageSource source) {
    return (InMemoryMessageSource) source;
  }

  @Override
  protected void addToStore(MessageSource source, SmsMessage message) {
    fake(source).add(message);
  }

  @Override
  protected void changeStatusInStore(MessageSource source, SmsMessage message, String status) {
    fake(source).setStatus(message.extension(), message.id().value(), status, NOW);
  }

  @Override
  protected void deleteInStore(MessageSource source, SmsMessage message) {
    fake(source).delete(message.extension(), message.id().value());
  }

  @Override
  protected void purgeInStore(MessageSource source, SmsMessage message) {
    fake(source).purge(message.extension(), message.id().value());
  }

  @Override
  protected void invalidateSyncTokens(MessageSource source, ExtensionId extension) {
    fake(source).rejectTokensOf(extension);
  }
}
