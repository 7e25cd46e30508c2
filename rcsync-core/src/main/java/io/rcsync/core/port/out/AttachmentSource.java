package io.rcsync.core.port.out;

import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where MMS media comes from (issue 12): the message store's content of one attachment, streamed so a large picture
 * or PDF is never held in memory whole. RingCentral serves it at the attachment's {@code uri}
 * ({@code GET /restapi/v1.0/account/~/extension/{extensionId}/message-store/{messageId}/content/{attachmentId}}).
 *
 * <p>Implementations throw {@link ExternalSystemException} when the content cannot be read (gone, rate limit still
 * exhausted after waiting, connection): the caller counts and reports that attachment and goes on.
 */
public interface AttachmentSource {

  /**
   * One attachment's bytes, open. The caller must close it.
   *
   * @param stream the content as served
   * @param contentType the served {@code Content-Type} (falls back to the listed one)
   * @param length the {@code Content-Length} in bytes when served, else empty
   */
  record Content(InputStream stream, String contentType, OptionalLong length) implements AutoCloseable {
    public Content {
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(length, "length");
    }

    @Override
    public void close() {
      try {
        stream.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Opens one attachment's content for reading. */
  Content open(ExtensionId extension, MessageId message, Attachment attachment);
}
