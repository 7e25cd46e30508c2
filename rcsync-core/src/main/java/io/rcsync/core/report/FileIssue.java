package io.rcsync.core.report;

import java.util.Optional;

/**
 * One MMS media attachment of a run and what happened to it: a row of the {@code -attachments.csv} report.
 *
 * @param messageId the RingCentral message id
 * @param extension the RingCentral extension id the text was read from
 * @param attachmentId the attachment's id in the message store
 * @param fileName the file name the upload used (listed, else {@code {attachmentId}.{ext}})
 * @param contentType the listed (or served) MIME type; may be empty
 * @param sizeBytes the size in bytes: as streamed for a copied file, as stored for one already stored, else as
 *     listed; null when unknown
 * @param noteExternalId the external id of the Note the file is (or would be) published to
 * @param outcome what happened
 * @param reason one line saying why, for every outcome but copied / already stored / would copy (else empty)
 */
public record FileIssue(String messageId, String extension, String attachmentId, String fileName, String contentType,
    Long sizeBytes, String noteExternalId, Outcome outcome, String reason) {

  /** What happened to one attachment; the CSV shows {@link #label()}. */
  public enum Outcome {
    COPIED("copied"),
    ALREADY_STORED("already stored"),
    WOULD_COPY("would copy"),
    OVER_LIMIT("over limit"),
    TYPE_REFUSED("type refused"),
    FAILED("failed"),
    /**
     * Can never be copied: RingCentral refused the download for good (404/410 purged content, 403, another 4xx) or
     * Salesforce refused the file permanently (STRING_TOO_LONG, INVALID_FIELD, FIELD_INTEGRITY_EXCEPTION ...). A lost
     * file: the run that meets it exits 1, but it does not hold the watermark or checkpoint back (no retry cures it).
     */
    UNAVAILABLE("unavailable"),
    SKIPPED("skipped");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public FileIssue {
    reason = reason == null ? "" : reason;
    contentType = contentType == null ? "" : contentType;
  }

  public Optional<Long> size() {
    return Optional.ofNullable(sizeBytes);
  }
}
