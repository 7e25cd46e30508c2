package io.rcsync.core.domain;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * An attachment of a message as the message store lists it: the text part ({@code type} {@code Text}) or MMS media
 * ({@code type} {@code MmsAttachment}: a picture, a PDF, a vCard…). Source: RingCentral's {@code MessageAttachmentInfo}
 * (https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/definitions/MessageAttachmentInfo.html):
 * {@code id, uri, type, contentType, size, fileName}.
 *
 * @param uri where the content is downloaded from (RingCentral: {@code …/message-store/{messageId}/content/{id}})
 * @param size the content's size in bytes when the store gave it, else null
 * @param fileName the file name when the store gave one, else null
 */
public record Attachment(String id, String uri, String type, String contentType, Long size, String fileName) {
  /** The RingCentral {@code type} of MMS media (as opposed to the {@code Text} part). */
  public static final String MMS_ATTACHMENT = "MmsAttachment";

  /** An attachment known only by id, URI, type and content type (size and file name not given). */
  public Attachment(String id, String uri, String type, String contentType) {
    this(id, uri, type, contentType, null, null);
  }

  /** True for MMS media, false for the text part and anything else. */
  public boolean isMedia() {
    return MMS_ATTACHMENT.equalsIgnoreCase(type);
  }

  public OptionalLong sizeBytes() {
    return size == null ? OptionalLong.empty() : OptionalLong.of(size);
  }

  public Optional<String> name() {
    return Optional.ofNullable(fileName);
  }
}
