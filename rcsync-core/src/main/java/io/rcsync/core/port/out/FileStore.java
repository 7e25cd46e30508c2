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
 * <p>Calls: {@link #uploadAll} sends many small files in one call (Salesforce: one multipart sObject Collections
 * insert, at most {@value #MAX_FILES_PER_CALL} files and {@value #MAX_BYTES_PER_CALL} bytes in all), each published
 * to its first linked record, the Note; {@link #upload} sends one file alone, streamed (for a file too large to hold
 * in memory); {@link #share} then links a whole batch of files to their Matters/Intakes in as few calls as the API
 * allows (Salesforce: one query for the ContentDocument ids and one sObject Collections create per 200 links), so N
 * new small files cost {@code ceil(N/200)} + a constant per batch, not 3N.
 *
 * <p>Every method throws {@link ExternalSystemException} when Salesforce cannot serve it (a whole call failed);
 * per-file problems are in the results.
 */
public interface FileStore {
  /**
   * The most files one {@link #uploadAll} call carries: sObject Collections takes up to 200 records a request
   * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm).
   */
  int MAX_FILES_PER_CALL = 200;

  /**
   * The most bytes (all files together) one {@link #uploadAll} call carries: "If you use the sObject Collections
   * resource, the maximum total size of all files in a single request is 500 MB"
   * (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-sobject-insert-update-blob.html).
   */
  long MAX_BYTES_PER_CALL = 500L * 1024 * 1024;


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
   * @param fileName the file's name with its extension as uploaded ({@code PathOnClient}), when the store read it
   *     ({@link #findByNotes} does, for a transcript's file links); empty otherwise. Informational: not part of
   *     {@link #equals}, so a file is the same file whether or not the call that returned it read its name (an upload
   *     or share answer does not)
   */
  record StoredFile(String key, SalesforceId contentVersionId, SalesforceId contentDocumentId, long sizeBytes,
      List<SalesforceId> linkedTo, Optional<String> fileName) {
    public StoredFile {
      linkedTo = List.copyOf(linkedTo);
      fileName = fileName == null ? Optional.empty() : fileName.filter(n -> !n.isBlank());
    }

    /** Equal when every component but {@link #fileName()} is. */
    @Override
    public boolean equals(Object o) {
      return o instanceof StoredFile f && Objects.equals(key, f.key) && Objects.equals(contentVersionId, f.contentVersionId)
          && Objects.equals(contentDocumentId, f.contentDocumentId) && sizeBytes == f.sizeBytes
          && linkedTo.equals(f.linkedTo);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, contentVersionId, contentDocumentId, sizeBytes, linkedTo);
    }

    /** Without its file name. */
    public StoredFile(String key, SalesforceId contentVersionId, SalesforceId contentDocumentId, long sizeBytes,
        List<SalesforceId> linkedTo) {
      this(key, contentVersionId, contentDocumentId, sizeBytes, linkedTo, Optional.empty());
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

  /**
   * The files rcsync already stored under these keys, by key (a key with no file is absent), each with every record
   * it is linked to ({@link StoredFile#linkedTo()}).
   *
   * <p>The store finds files <em>through the Notes</em> they are linked to (Salesforce: the Notes'
   * {@code ContentDocumentLink}s, filtered on {@code LinkedEntityId}, a lookup and so indexed), never by filtering
   * every file in the org on the key, which is not indexed and becomes a table scan (QUERY_TIMEOUT) in a firm with
   * millions of files. So a file is found only when it is linked to one of {@code noteIds}: pass the Notes the files
   * belong to (every Note of a group text, so a file whose link to one Note failed is still found through another).
   * A file is found when <em>any</em> of its versions carries the key (staff may upload a new version without it);
   * several documents under one key (a double upload) give the oldest. Every caller has the Note ids: the sync just
   * wrote or found the Notes, verify and restore read or re-created them.
   *
   * @param keys {@code rc_att_{messageId}_{attachmentId}} keys
   * @param noteIds the Notes the files are linked to; none makes no call and finds nothing
   * @throws ExternalSystemException when Salesforce cannot serve the lookup
   */
  Map<String, StoredFile> findByKeys(Collection<String> keys, Collection<SalesforceId> noteIds);

  /**
   * Which of these keys have a file, found as {@link #findByKeys} finds them, without the files' links: for a check
   * of presence only (restore), cheaper where the store can skip the link lookup (Salesforce: one query per batch of
   * Notes instead of two). This default asks {@link #findByKeys}.
   */
  default java.util.Set<String> storedKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
    return java.util.Set.copyOf(findByKeys(keys, noteIds).keySet());
  }

  /**
   * The files rcsync stored (a version with an {@code rc_att_} key) that are linked to these Notes, one per
   * ContentDocument, with every record each is linked to and its file name ({@link StoredFile#fileName()}).
   */
  List<StoredFile> findByNotes(Collection<SalesforceId> noteIds);

  /**
   * Uploads one file and publishes it to {@code linkedTo.get(0)} (the Note); the further records of
   * {@code linkedTo} are linked by {@link #share}, batched. The stored file's {@code linkedTo} holds what is linked
   * so far. Never throws for a per-file refusal (too large, bad type, the content failing mid-stream): see the
   * outcome.
   */
  UploadOutcome upload(Upload upload);

  /**
   * Uploads several files in as few calls as the API allows (Salesforce: one call per {@value #MAX_FILES_PER_CALL}
   * files or {@value #MAX_BYTES_PER_CALL} bytes, whichever comes first), each published to its
   * {@code linkedTo.get(0)} (the Note) as {@link #upload} does. Returns one outcome per upload, in order (same key);
   * a per-file refusal (too large, a record error) is an outcome, never an exception. An empty list makes no call.
   *
   * <p>Memory: the store may read every content of the list to its end before sending (a multipart body with each
   * file's length), so the caller decides what goes in one list: small files already in memory (a
   * {@code ByteArrayInputStream} with its length), bounded in number and bytes. A file too large to hold goes alone
   * through {@link #upload}, streamed.
   *
   * <p>This default sends each upload through {@link #upload}, one call per file, for stores that cannot batch.
   *
   * @throws ExternalSystemException when a whole call failed (quota, credentials, connection); the files of calls
   *     already answered are stored, so a re-run finds them by key
   */
  default List<UploadOutcome> uploadAll(List<Upload> uploads) {
    return uploads.stream().map(this::upload).toList();
  }

  /**
   * Links stored files to further records, as many per call as the API allows; one outcome per share, in order. A
   * share whose file is already linked to the record succeeds without a new link.
   */
  List<ShareOutcome> share(List<Share> shares);

  /**
   * Removes links of stored files from records (a Matter or Intake the file's Note no longer points to: staff moved
   * the Note), as many per call as the API allows; one outcome per share, in order, its {@code share()} as given. A
   * link that is not there (already removed) succeeds. The file itself stays, with its other links. Salesforce: one
   * query for the links' ids ({@code ContentDocumentLink WHERE ContentDocumentId IN (...) AND LinkedEntityId IN
   * (...)}) and one sObject Collections delete per 200 links.
   *
   * <p>This default removes nothing and answers every share with an error, for stores that cannot unlink.
   *
   * @throws ExternalSystemException when a whole call failed
   */
  default List<ShareOutcome> unshare(List<Share> shares) {
    return shares.stream().map(s -> new ShareOutcome(s, Optional.of("file " + s.file().key() + " not unlinked from "
        + s.record().value() + ": " + getClass().getSimpleName() + " cannot remove links"))).toList();
  }

  /**
   * Deletes these files (their ContentDocuments, so every version and link goes with them). A document is rcsync's
   * when any of its versions carries an {@code rc_att_} key (staff may have added a version without it); any other is
   * refused as a failed outcome, never deleted.
   */
  List<DeleteOutcome> delete(Collection<SalesforceId> contentDocumentIds);
}
