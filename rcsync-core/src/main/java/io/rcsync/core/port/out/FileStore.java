package io.rcsync.core.port.out;

import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.SalesforceId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Salesforce Files for MMS media (issue 12): each attachment becomes a {@code ContentVersion} (its
 * {@code ContentDocument} created with it) linked to the text's Note and to the Matter or Intake
 * ({@code FirstPublishLocationId} and/or {@code ContentDocumentLink}). Every file rcsync writes carries a stable,
 * queryable key ({@code rc_att_{messageId}_{attachmentId}}), so a re-run uploads nothing twice and rollback removes
 * exactly rcsync's files.
 *
 * <p>Issue 12 is in progress: this port is defined, not yet used by the use cases. Every method throws
 * {@link ExternalSystemException} when Salesforce cannot serve it; per-file problems are in the results.
 */
public interface FileStore {

  /**
   * One file to upload.
   *
   * @param key the stable key ({@code rc_att_{messageId}_{attachmentId}})
   * @param title the file's title as Salesforce Files shows it
   * @param fileName the name with extension ({@code PathOnClient})
   * @param contentType the MIME type
   * @param linkedTo the records the file is shared with: the Note first, then its Matter or Intake
   * @param content the bytes, read once; {@code length} bytes when known, else read to the end
   */
  record Upload(String key, String title, String fileName, String contentType, List<SalesforceId> linkedTo,
      AttachmentSource.Content content) {
    public Upload {
      Objects.requireNonNull(key, "key");
      linkedTo = List.copyOf(linkedTo);
      Objects.requireNonNull(content, "content");
    }
  }

  /** A file rcsync uploaded, as Salesforce holds it. */
  record StoredFile(String key, SalesforceId contentVersionId, SalesforceId contentDocumentId, long sizeBytes,
      List<SalesforceId> linkedTo) {
    public StoredFile {
      linkedTo = List.copyOf(linkedTo);
    }
  }

  /** The outcome of one upload: the stored file, or why it was not stored (one line, no secret). */
  record UploadOutcome(String key, Optional<StoredFile> stored, Optional<String> error) {}

  /** The files rcsync already stored under these keys, by key (a key with no file is absent). */
  Map<String, StoredFile> findByKeys(Collection<String> keys);

  /** The files rcsync stored that are linked to these Notes. */
  List<StoredFile> findByNotes(Collection<SalesforceId> noteIds);

  /** Uploads one file and links it; never throws for a per-file refusal (too large, bad type): see the outcome. */
  UploadOutcome upload(Upload upload);

  /** Deletes these files (their ContentDocuments, so every version and link goes with them). */
  List<DeleteOutcome> delete(Collection<SalesforceId> contentDocumentIds);
}
