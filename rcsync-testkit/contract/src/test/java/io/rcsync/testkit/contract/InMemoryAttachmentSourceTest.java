package io.rcsync.testkit.contract;

import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.testkit.fake.InMemoryAttachmentSource;
import java.util.concurrent.atomic.AtomicLong;

/** The in-memory fake passes {@link AttachmentSourceContract}. */
class InMemoryAttachmentSourceTest extends AttachmentSourceContract {
  private static final ExtensionId EXT = ExtensionId.of("101");

  @Override
  protected AttachmentBackend freshBackend() {
    InMemoryAttachmentSource source = new InMemoryAttachmentSource();
    AtomicLong ids = new AtomicLong(7_000);
    return new AttachmentBackend(source, new AttachmentBackend.Messages() {
      @Override
      public AttachmentBackend.Mms putMms(byte[] bytes, String contentType, String fileName) {
        MessageId message = MessageId.of(Long.toString(ids.incrementAndGet()));
        String attachmentId = message.value() + "1";
        source.content(message, attachmentId, bytes);
        return new AttachmentBackend.Mms(EXT, message, new Attachment(attachmentId, "https://platform.example/"
            + message.value() + "/content/" + attachmentId, Attachment.MMS_ATTACHMENT, contentType,
            (long) bytes.length, fileName));
      }

      @Override
      public void purge(AttachmentBackend.Mms mms) {
        source.gone(mms.message());
      }
    });
  }
}
