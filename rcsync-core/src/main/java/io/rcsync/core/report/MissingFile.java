package io.rcsync.core.report;

/**
 * An MMS attachment whose Salesforce File is missing from its Note (issue 12): a row of verify's "Notes with missing
 * files" (and of {@code -verify-missing-files.csv}). Either the file does not exist (reason starting with
 * {@link #NO_FILE}) or it exists but is not linked to this Note or its Matter/Intake (reason starting with
 * {@link #NOT_LINKED}); both make the window incomplete.
 *
 * @param messageId the RingCentral message id
 * @param noteExternalId the Note's external id ({@code rc_msg_{id}}, or a group text's {@code rc_msg_{id}_{caseId}})
 * @param attachmentId the RingCentral attachment id (the file's key is {@code rc_att_{messageId}_{attachmentId}})
 * @param fileName the attachment's file name as RingCentral lists it, empty when it lists none
 * @param reason one line: what is wrong and what to do
 */
public record MissingFile(String messageId, String noteExternalId, String attachmentId, String fileName,
    String reason) {
  /** How the reason of a file that does not exist starts. */
  public static final String NO_FILE = "no file";
  /** How the reason of a file not linked to its Note or Matter/Intake starts. */
  public static final String NOT_LINKED = "not linked to";

  public MissingFile {
    fileName = fileName == null ? "" : fileName;
    reason = reason == null || reason.isBlank() ? NO_FILE : reason;
  }

  /** A file that does not exist, reason {@link #NO_FILE}. */
  public MissingFile(String messageId, String noteExternalId, String attachmentId, String fileName) {
    this(messageId, noteExternalId, attachmentId, fileName, NO_FILE);
  }

  /** True when the file exists but lacks a link (reason {@link #NOT_LINKED} ...). */
  public boolean notLinked() {
    return reason.startsWith(NOT_LINKED);
  }
}
