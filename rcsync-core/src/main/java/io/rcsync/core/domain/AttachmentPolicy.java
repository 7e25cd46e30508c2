package io.rcsync.core.domain;

import java.util.List;
import java.util.Locale;

/**
 * Which MMS media rcsync copies into Salesforce Files (issue 12; config keys {@code attachments.enabled},
 * {@code attachments.maxBytes}, {@code attachments.contentTypes}). Bound and validated by the config loader; applied by
 * the sync's {@code FileCopier} to every MMS media attachment of a text whose Note exists: a file refused by type or
 * size is counted and listed in the report's {@code -attachments.csv} with the key to change, never silently dropped.
 * {@link #decide} is the one decision on the listed metadata that the sync and {@code verify} share.
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
   * is far below it. The Salesforce adapter uploads multipart, which carries up to 2 GB per ContentVersion
   * (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-sobject-insert-update-blob.html); 25 MB only
   * bounds what one run may stream for a single (non-MMS-sized) file.
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

  /** What the policy says of an attachment from what the message store lists (see {@link #decide}). */
  public enum Verdict {
    /** Copy it (subject to {@link Decision#provisional()}). */
    ALLOWED,
    /** {@code attachments.enabled} is false. */
    DISABLED,
    /** Its listed content type is not in {@code attachments.contentTypes}. */
    TYPE_REFUSED,
    /** Its listed size is over {@code attachments.maxBytes}. */
    OVER_LIMIT
  }

  /**
   * The policy's decision on one attachment's listed metadata.
   *
   * @param verdict allowed or why not
   * @param typeUnknown the store listed no content type: the type check waits for the served {@code Content-Type}
   * @param sizeUnknown the store listed no size: the size check waits for the served {@code Content-Length} (and
   *     the bytes streamed)
   * @param reason empty when allowed, else one line naming the file, the value and the config key to change
   */
  public record Decision(Verdict verdict, boolean typeUnknown, boolean sizeUnknown, String reason) {
    public boolean allowed() {
      return verdict == Verdict.ALLOWED;
    }

    /**
     * True when allowed on incomplete metadata: the download may still refuse it (served type not listed, served or
     * streamed size over the limit), which only the sync learns.
     */
    public boolean provisional() {
      return allowed() && (typeUnknown || sizeUnknown);
    }
  }

  /**
   * The one decision sync and verify share (review finding 12), on what the message store lists, before any
   * download. In this order: {@link Verdict#DISABLED} when off; {@link Verdict#TYPE_REFUSED} when a listed (non-blank)
   * type is not on the list; {@link Verdict#OVER_LIMIT} when a listed size is over {@link #maxBytes}; else
   * {@link Verdict#ALLOWED}. A blank or missing type or a missing size is not held against the file: it is allowed
   * provisionally ({@link Decision#typeUnknown()}, {@link Decision#sizeUnknown()}) and the sync checks the served
   * {@code Content-Type}/{@code Content-Length} instead.
   *
   * @param fileName how the reason names the file (e.g. the attachment's file name or its key)
   * @param listedContentType the listed {@code contentType}, may be null or blank
   * @param listedSize the listed {@code size} in bytes, null when not listed
   */
  public Decision decide(String fileName, String listedContentType, Long listedSize) {
    boolean typeUnknown = listedContentType == null || listedContentType.isBlank();
    boolean sizeUnknown = listedSize == null;
    if (!enabled) {
      return new Decision(Verdict.DISABLED, typeUnknown, sizeUnknown,
          fileName + ": attachments.enabled=false: set it to true to copy MMS media into Salesforce Files");
    }
    if (!typeUnknown && !allowsType(listedContentType)) {
      return new Decision(Verdict.TYPE_REFUSED, false, sizeUnknown, fileName + " has content type "
          + listedContentType.split(";", 2)[0].strip() + ", not in attachments.contentTypes " + contentTypes
          + ": add it there to copy it");
    }
    if (!sizeUnknown && !allowsSize(listedSize)) {
      return new Decision(Verdict.OVER_LIMIT, typeUnknown, false, fileName + " is " + listedSize
          + " bytes (listed), over attachments.maxBytes (" + maxBytes + "): raise attachments.maxBytes to copy it");
    }
    return new Decision(Verdict.ALLOWED, typeUnknown, sizeUnknown, "");
  }

  /** {@link #decide(String, String, Long)} on an attachment as listed, named by its file name (else its id). */
  public Decision decide(Attachment attachment) {
    return decide(attachment.name().filter(n -> !n.isBlank()).orElse("attachment " + attachment.id()),
        attachment.contentType(), attachment.size());
  }
}
