package io.rcsync.core.report;

/**
 * An MMS attachment whose Salesforce File is missing from its Note (issue 12): a row of verify's "Notes with missing
 * files".
 *
 * @param messageId the RingCentral message id
 * @param noteExternalId the Note's external id ({@code rc_msg_{id}})
 * @param attachmentId the RingCentral attachment id (the file's key is {@code rc_att_{messageId}_{attachmentId}})
 * @param fileName the attachment's file name as RingCentral lists it, empty when it lists none
 */
public record MissingFile(String messageId, String noteExternalId, String attachmentId, String fileName) {
  public MissingFile {
    fileName = fileName == null ? "" : fileName;
  }
}
