package io.rcsync.testkit.contract;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.testkit.fake.InMemoryMessageSource;
import java.util.List;

/** The in-memory fake passes {@link MessageSourceContract}. */
class InMemoryMessageSourceTest extends MessageSourceContract {
  @Override
  protected MessageSource sourceHolding(List<SmsMessage> messages) {
    return new InMemoryMessageSource(new ApiCalls(), 1000).addAll(messages);
  }
}
