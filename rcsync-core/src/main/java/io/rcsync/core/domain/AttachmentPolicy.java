package io.rcsync.core.domain;

import java.util.List;
import java.util.Locale;

/**
 * Which MMS media rcsync copies into Salesforce Files (issue 12; config keys {@code attachments.enabled},
 * {@code attachments.maxBytes}, {@code attachments.contentTypes}). Bound and validated by the config loader; applied by
 * the sync's {@code FileCopier} to every MMS media attachment of a text whose Note exists: a file refused by type or
 * size is counted and listed in the report's {@code -attachments.csv} with the key to change, never silently dropped.
 *
 * @param enabled {@code attachments.enabled}: false leaves media out (the Note body still lists it)
 * @param maxBytes {@code attachments.maxBytes}: the largest file copied, in bytes, 1 to {@link #MAX_BYTES_LIMIT};
 *     a larger one is reported, never silently dropped
 * @param contentTypes {@code attachments.contentTypes}: lower-case media ranges a file's content type must match,
 *     each {@code type/subtype}, {@code type/*} or {@code *}{@code /*}; never empty
 */
public record AttachmentPolicy(boolean enabled, long maxBytes, List<String> contentTypes) {
  /**
   * Default {@code maxBytes}: 25 MB (26,214,400 bytes). RingCentral caps an MMS at 1.5 MB for all its attachments
   * (https://developers.ringcentral.com/guide/messaging/sms/sending-images, "Attachment Limitations"), so a real MMS
   * is far below it; and 25 MB base64-encoded (~33 MB) stays under Salesforce's 37.5 MB limit for base64 blob data in a
   * non-multipart JSON request (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-sobject-insert-update-blob.html),
   * so every allowed file fits the simplest upload.
   */
  public static final long DEFAULT_MAX_BYTES = 25L * 1024 * 1024;

  /** The largest {@code maxBytes} accepted: 2 GB, Salesforce's upload limit for a ContentVersion (same page). */
  public static final long MAX_BYTES_LIMIT = 2L * 1024 * 1024 * 1024;

  /** Matches every content type. */
  public static final String ANY = "*/*";

  /**
   * Default {@code contentTypes}: all ({@value #ANY}). RingCentral already limits MMS to its documented types (images,
   * video, audio, vCard, PDF, RTF, zip/gzip, HTML, plain text, CSV, calendar; sending-images page above); at a law firm
   * the file is often the evidence, so none is left out unless the operator narrows the list.
   */
  public static final List<String> DEFAULT_CONTENT_TYPES = List.of(ANY);

  public AttachmentPolicy {
    if (maxBytes < 1 || maxBytes > MAX_BYTES_LIMIT) {
      throw new IllegalArgumentException("maxBytes must be 1 to " + MAX_BYTES_LIMIT + ", got " + maxBytes);
    }
    contentTypes = contentTypes.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
    if (contentTypes.isEmpty()) {
      throw new IllegalArgumentException("contentTypes must list at least one media range");
    }
  }

  /** On, {@link #DEFAULT_MAX_BYTES}, all content types. */
  public static AttachmentPolicy defaults() {
    return new AttachmentPolicy(true, DEFAULT_MAX_BYTES, DEFAULT_CONTENT_TYPES);
  }

  /**
   * Whether a content type (e.g. {@code image/jpeg; name=a.jpg}, parameters ignored, case-insensitive) is on the list.
   * A missing or blank type matches only {@value #ANY}.
   */
  public boolean allowsType(String contentType) {
    String t = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    for (String range : contentTypes) {
      if (range.equals(ANY) || range.equals(t)
          || (range.endsWith("/*") && !t.isEmpty() && t.startsWith(range.substring(0, range.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a file of {@code bytes} is small enough to copy. */
  public boolean allowsSize(long bytes) {
    return bytes <= maxBytes;
  }
}
