package io.rcsync.core.port.out;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MalformedMessage;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.MessageSyncRequest;
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

  /**
   * True when this source serves {@link #messageSync}; incremental runs then read by Message Sync instead of the
   * paged creation-time window. The default is false.
   */
  default boolean supportsMessageSync() {
    return false;
  }

  /**
   * One Message Sync of an extension's SMS (RingCentral {@code GET /restapi/v1.0/account/~/extension/{id}/message-sync},
   * https://developers.ringcentral.com/guide/messaging/message-store/message-sync): a full sync from
   * {@code dateFrom}, or the changes since a token. Delivers every record it returns through {@code pages} (new,
   * changed, deleted and purged records alike, with their {@code availability} and {@code messageStatus}); a full
   * sync whose answer says older records exist reads the rest of the frame before returning, so the frame is
   * complete. Records it cannot read are {@link MalformedMessage}s in the page.
   *
   * @return the checkpoint to save once every delivered record is written (the new token and RingCentral's sync time)
   * @throws SyncTokenRejectedException when RingCentral refuses an incremental token; nothing was delivered
   * @throws ExternalSystemException when it cannot go on; pages already delivered stay delivered
   * @throws UnsupportedOperationException when {@link #supportsMessageSync()} is false (the default)
   */
  default MessageSyncCheckpoint messageSync(ExtensionId extension, MessageSyncRequest request, Consumer<Page> pages) {
    throw new UnsupportedOperationException("this message source does not serve Message Sync");
  }
}
