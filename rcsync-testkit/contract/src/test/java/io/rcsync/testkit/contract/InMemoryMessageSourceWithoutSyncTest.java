package io.rcsync.testkit.contract;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import java.util.List;

/**
 * The in-memory fake with Message Sync off (its default) passes {@link MessageSourceContract}; the Message Sync tests
 * are skipped by their assumption, as for any source that does not serve it.
 */
class InMemoryMessageSourceWithoutSyncTest extends MessageSourceContract {
  @Override
  protected MessageSource sourceHolding(List<SmsMessage> messages) {
    return new InMemoryMessageSource(new ApiCalls(), 1000).addAll(messages);
  }
}
