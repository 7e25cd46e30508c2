package io.rcsync.testkit.contract;

import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.port.out.AttachmentSource;
import java.util.Objects;

/** One {@link AttachmentSource} under test for {@link AttachmentSourceContract}, with a way to put and purge MMS. */
public record AttachmentBackend(AttachmentSource source, Messages messages) {
  public AttachmentBackend {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(messages, "messages");
  }

  /** An MMS as the message store lists it: where it is and its media attachment (uri, size, file name as listed). */
  public record Mms(ExtensionId extension, MessageId message, Attachment media) {}

  /** The backend's message store. */
  public interface Messages {
    /** Stores an inbound MMS whose one media attachment serves {@code bytes}; returns it as the store lists it. */
    Mms putMms(byte[] bytes, String contentType, String fileName);

    /** Purges the message: its attachments are gone. */
    void purge(Mms mms);
  }
}
