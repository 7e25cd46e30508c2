package io.rcsync.testkit.fake;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.ExternalSystemException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * RingCentral's message-store content in memory ({@code GET …/message-store/{messageId}/content/{attachmentId}}):
 * serves the bytes set by {@link #content}, else deterministic bytes of the attachment's listed {@code size} (2,048
 * when the store lists none), with its listed content type and a {@code Content-Length}. {@link #gone} answers as
 * RingCentral does for a purged message (404 {@code CMN-102}, as {@link ExternalSystemException.Kind#REJECTED});
 * {@link #failWith} makes every later open throw (e.g. {@code RATE_LIMITED} after the waits ran out). Counts one
 * {@link ApiCalls#RINGCENTRAL} request per open.
 *
 * <p>Thread-safe.
 */
public final class InMemoryAttachmentSource implements AttachmentSource {
  /** The size served for an attachment whose listed size is unknown. */
  public static final int DEFAULT_SIZE = 2048;

  private final ApiCalls apiCalls;
  private final Map<String, byte[]> contents = new HashMap<>();
  private final Set<String> gone = new HashSet<>();
  private ExternalSystemException.Kind failing;
  private int opens;

  public InMemoryAttachmentSource() {
    this(new ApiCalls());
  }

  /** @param apiCalls counted one {@link ApiCalls#RINGCENTRAL} per {@link #open} */
  public InMemoryAttachmentSource(ApiCalls apiCalls) {
    this.apiCalls = apiCalls;
  }

  /** Serves these bytes for the attachment (whatever size the store lists). */
  public synchronized InMemoryAttachmentSource content(MessageId message, String attachmentId, byte[] bytes) {
    contents.put(key(message, attachmentId), bytes.clone());
    return this;
  }

  /** The message's content is gone (purged from the message store): 404 CMN-102 for each of its attachments. */
  public synchronized InMemoryAttachmentSource gone(MessageId message) {
    gone.add(message.value());
    return this;
  }

  /** Every later open throws an {@link ExternalSystemException} of this kind; null stops failing. */
  public synchronized InMemoryAttachmentSource failWith(ExternalSystemException.Kind kind) {
    this.failing = kind;
    return this;
  }

  /** Opens made so far. */
  public synchronized int opens() {
    return opens;
  }

  /** The bytes {@link #open} serves for this attachment (set, or generated from its listed size). */
  public synchronized byte[] bytesOf(MessageId message, Attachment attachment) {
    byte[] set = contents.get(key(message, attachment.id()));
    if (set != null) {
      return set.clone();
    }
    long size = attachment.sizeBytes().orElse(DEFAULT_SIZE);
    byte[] out = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
    byte[] seed = (message.value() + "/" + attachment.id() + "/").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (seed[i % seed.length] + i / seed.length);
    }
    return out;
  }

  @Override
  public synchronized Content open(ExtensionId extension, MessageId message, Attachment attachment) {
    opens++;
    apiCalls.increment(ApiCalls.RINGCENTRAL);
    if (failing != null) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, failing,
          "RingCentral message content failed (" + failing + ", injected by InMemoryAttachmentSource)");
    }
    if (gone.contains(message.value())) {
      throw new ExternalSystemException(ApiCalls.RINGCENTRAL, ExternalSystemException.Kind.REJECTED,
          "RingCentral 404 CMN-102: message " + message.value() + " content " + attachment.id() + " not found");
    }
    byte[] bytes = bytesOf(message, attachment);
    return new Content(new ByteArrayInputStream(bytes),
        attachment.contentType() == null ? "application/octet-stream" : attachment.contentType(),
        OptionalLong.of(bytes.length));
  }

  private static String key(MessageId message, String attachmentId) {
    return message.value() + "/" + attachmentId;
  }
}
