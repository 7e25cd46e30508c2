package io.rcsync.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * rcsync's stable key of one MMS attachment's Salesforce File (issue 12): {@code rc_att_{messageId}_{attachmentId}},
 * e.g. {@code rc_att_1204_3}. Salesforce stores it in {@code ContentVersion.ExternalDocumentInfo1}; a re-run finds a
 * file by it (nothing is uploaded twice) and rollback deletes only documents carrying it. The one place the format
 * is written and read.
 *
 * <p>Parsing cuts at the first {@code _} after the prefix: RingCentral message ids are numeric (the message store's
 * {@code id}), so the attachment id is everything after it and may itself hold {@code _}.
 *
 * @param message the RingCentral message id
 * @param attachmentId the RingCentral attachment id (non-blank)
 */
public record FileKey(MessageId message, String attachmentId) {
  /** The prefix every rcsync file key starts with. */
  public static final String PREFIX = "rc_att_";

  public FileKey {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(attachmentId, "attachmentId");
    if (attachmentId.isBlank()) {
      throw new IllegalArgumentException("blank attachment id for the file key of message " + message.value());
    }
  }

  /** The key of attachment {@code attachmentId} of {@code message}. */
  public static FileKey of(MessageId message, String attachmentId) {
    return new FileKey(message, attachmentId);
  }

  /** {@code rc_att_{messageId}_{attachmentId}} as a string: what Salesforce stores. */
  public static String format(MessageId message, String attachmentId) {
    return of(message, attachmentId).value();
  }

  /** True when {@code key} starts with {@link #PREFIX} (a file rcsync wrote, as the stores filter them). */
  public static boolean isRcsyncKey(String key) {
    return key != null && key.startsWith(PREFIX);
  }

  /**
   * Reads a key back: empty when {@code key} is null, lacks the prefix, has no {@code _} after the message id, or
   * holds an invalid message id or a blank attachment id.
   */
  public static Optional<FileKey> parse(String key) {
    if (!isRcsyncKey(key)) {
      return Optional.empty();
    }
    String rest = key.substring(PREFIX.length());
    int cut = rest.indexOf('_');
    if (cut <= 0 || cut == rest.length() - 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(new FileKey(new MessageId(rest.substring(0, cut)), rest.substring(cut + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The key as stored: {@code rc_att_{messageId}_{attachmentId}}. */
  public String value() {
    return PREFIX + message.value() + "_" + attachmentId;
  }

  @Override
  public String toString() {
    return value();
  }
}
