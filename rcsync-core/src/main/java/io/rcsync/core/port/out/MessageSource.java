package io.rcsync.core.port.out;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where text messages come from: one extension's SMS in a creation-time window, delivered page by page so a
 * long backfill is never held in memory at once.
 *
 * <p>Implementations deliver every message whose creation time is in the window exactly once per call, in any
 * order, and report records they cannot read as {@link MalformedMessage}s in the page instead of dropping
 * them or failing the call. They throw {@link ExternalSystemException} when they cannot go on; pages already
 * delivered stay delivered.
 */
public interface MessageSource {

  /** One page of results. */
  record Page(List<SmsMessage> messages, List<MalformedMessage> malformed) {
    public Page {
      messages = List.copyOf(messages);
      malformed = List.copyOf(malformed);
    }

    public static Page of(List<SmsMessage> messages) {
      return new Page(messages, List.of());
    }

    public int size() {
      return messages.size() + malformed.size();
    }
  }

  void fetch(ExtensionId extension, TimeWindow window, Consumer<Page> pages);
}
