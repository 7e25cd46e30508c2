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
 * <p>Calls: {@link #upload} sends one file (one call: a file's bytes cannot share a request with another's) and
 * publishes it to its first linked record, the Note; {@link #share} then links a whole batch of files to their
 * Matters/Intakes in as few calls as the API allows (Salesforce: one query for the ContentDocument ids and one
 * sObject Collections create per 200 links), so N new files cost N + a constant per batch, not 3N.
 *
 * <p>Every method throws {@link ExternalSystemException} when Salesforce cannot serve it (a whole call failed);
 * per-file problems are in the results.
 */
public interface FileStore {

  /**
   * One file to upload.
   *
   * @param key the stable key ({@code rc_att_{messageId}_{attachmentId}})
   * @param title the file's title as Salesforce Files shows it
   * @param fileName the name with extension ({@code PathOnClient})
   * @param contentType the MIME type
   * @param linkedTo the records the file is shared with: the Note first (where {@link #upload} publishes it), then
   *     its Matter or Intake (linked by {@link #share})
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

  /**
   * A file rcsync uploaded, as Salesforce holds it.
   *
   * @param contentDocumentId null in what {@link #upload} returns (Salesforce's create answers the version's id only;
   *     looking the document up per file would cost a call each), set by {@link #share} (in its outcomes'
   *     {@link Share#file()}) and by {@link #findByKeys}/{@link #findByNotes}
   * @param sizeBytes the bytes stored
   * @param linkedTo the records (not users) the file is linked to so far
   */
  record StoredFile(String key, SalesforceId contentVersionId, SalesforceId contentDocumentId, long sizeBytes,
      List<SalesforceId> linkedTo) {
    public StoredFile {
      linkedTo = List.copyOf(linkedTo);
    }
  }

  /** The outcome of one upload: the stored file, or why it was not stored (one line, no secret). */
  record UploadOutcome(String key, Optional<StoredFile> stored, Optional<String> error) {}

  /**
   * One link to make: a stored file shared with one more record (a Matter or Intake), viewable by its users.
   *
   * @param file the file as {@link #upload} or {@link #findByKeys} returned it
   * @param record the Matter or Intake to link it to
   */
  record Share(StoredFile file, SalesforceId record) {
    public Share {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(record, "record");
    }
  }

  /**
   * The outcome of one {@link Share}: empty error when linked (or already linked), else why not (one line). Its
   * {@code share().file()} is the file with its ContentDocumentId resolved and, when linked, the record in
   * {@code linkedTo}.
   */
  record ShareOutcome(Share share, Optional<String> error) {
    public boolean linked() {
      return error.isEmpty();
    }
  }

  /** The files rcsync already stored under these keys, by key (a key with no file is absent). */
  Map<String, StoredFile> findByKeys(Collection<String> keys);

  /** The files rcsync stored that are linked to these Notes. */
  List<StoredFile> findByNotes(Collection<SalesforceId> noteIds);

  /**
   * Uploads one file and publishes it to {@code linkedTo.get(0)} (the Note); the further records of
   * {@code linkedTo} are linked by {@link #share}, batched. The stored file's {@code linkedTo} holds what is linked
   * so far. Never throws for a per-file refusal (too large, bad type, the content failing mid-stream): see the
   * outcome.
   */
  UploadOutcome upload(Upload upload);

  /**
   * Links stored files to further records, as many per call as the API allows; one outcome per share, in order. A
   * share whose file is already linked to the record succeeds without a new link.
   */
  List<ShareOutcome> share(List<Share> shares);

  /** Deletes these files (their ContentDocuments, so every version and link goes with them). */
  List<DeleteOutcome> delete(Collection<SalesforceId> contentDocumentIds);
}
