package io.rcsync.core.port.out;

import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.TextSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps rollback manifests: every field of every Note before it is deleted, and (issue 12) what is needed to
 * re-create each of rcsync's Salesforce Files deleted with them, so a restore can put both back.
 *
 * <p><b>Files are kept by reference, not by bytes.</b> A manifest records each file's RingCentral content URI and
 * metadata ({@link ManifestFile}), never its content: the files are client evidence (injury photos, police reports,
 * insurance cards) and a manifest sits on an operator's disk, where a copy of them would be a confidentiality risk and
 * could run to gigabytes; a restore follows a bad rollback within days, while RingCentral still keeps the content
 * (its message-store retention setting applies to Fax and Voicemail only; "SMS messages are stored with no time
 * limits": https://ringcentral.github.io/ringcentral-java/javadoc/com/ringcentral/definitions/MessageStoreConfiguration.html).
 * The cost: a file whose message was deleted or purged at RingCentral cannot be restored; restore reports it per
 * file, and rollback lists up front the files whose message it could not find.
 *
 * <p>Implementations written before issue 12 implement only {@link #write(List)} and {@link #read(String)}; the
 * defaults of {@link #write(Manifest)} and {@link #readManifest} carry Notes alone and refuse files.
 */
public interface ManifestStore {

  /**
   * One Salesforce File to re-create on restore (issue 12).
   *
   * @param key rcsync's key, {@code rc_att_{messageId}_{attachmentId}}
   * @param noteExternalId the external id of the Note the file is published to (restore links it to that Note's new
   *     id)
   * @param extensionId the RingCentral extension whose message store holds the message, empty when unknown
   * @param messageId the RingCentral message id
   * @param attachmentId the RingCentral attachment id
   * @param uri the attachment's content URI as RingCentral listed it; empty when the message was not found at
   *     RingCentral when the manifest was written (restore then cannot re-create the file)
   * @param fileName the file name (PathOnClient), may be empty
   * @param contentType the MIME type as RingCentral listed it, may be empty
   * @param sizeBytes the stored file's size in bytes
   * @param sharedWith the records the file was linked to besides the rolled-back Notes (its Matters/Intakes); these
   *     ids outlive the rollback, so restore links them as they are
   * @param linkedNotes the external ids of the other rolled-back rcsync Notes the file was linked to (a group text:
   *     {@code rc_msg_{id}_{caseId}}); their ids change on restore, so restore translates them through the restored
   *     Notes' new ids
   * @param kept true when rollback did not delete the file (it stays linked to an rcsync Note outside the selection;
   *     only the deleted Notes' links went with them): restore finds it by key and links it to the restored Notes
   */
  record ManifestFile(String key, String noteExternalId, Optional<String> extensionId, String messageId,
      String attachmentId, Optional<String> uri, String fileName, String contentType, long sizeBytes,
      List<SalesforceId> sharedWith, List<String> linkedNotes, boolean kept) {
    public ManifestFile {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(noteExternalId, "noteExternalId");
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(attachmentId, "attachmentId");
      extensionId = extensionId == null ? Optional.empty() : extensionId;
      uri = uri == null ? Optional.empty() : uri;
      fileName = fileName == null ? "" : fileName;
      contentType = contentType == null ? "" : contentType;
      sharedWith = List.copyOf(sharedWith);
      linkedNotes = linkedNotes == null ? List.of() : List.copyOf(linkedNotes);
    }

    /** A file deleted with its one Note (no other rolled-back Note linked). */
    public ManifestFile(String key, String noteExternalId, Optional<String> extensionId, String messageId,
        String attachmentId, Optional<String> uri, String fileName, String contentType, long sizeBytes,
        List<SalesforceId> sharedWith) {
      this(key, noteExternalId, extensionId, messageId, attachmentId, uri, fileName, contentType, sizeBytes,
          sharedWith, List.of(), false);
    }
  }

  /**
   * A whole manifest: the Notes and the files deleted with them (none in a manifest written before issue 12).
   *
   * @param source whose Notes the rollback selected (issue 15: {@code rollback --source}); restore refuses a record of
   *     another source. Empty when not recorded and the Notes do not all share one source (an empty manifest)
   */
  record Manifest(List<NoteRecord> notes, List<ManifestFile> files, Optional<TextSource> source) {
    public Manifest {
      notes = List.copyOf(notes);
      files = List.copyOf(files);
      source = source == null ? Optional.empty() : source;
    }

    /**
     * A manifest whose source is that of its Notes when they all share one (a manifest written before issue 15 holds
     * {@code rc_msg_} Notes only, so it reads as RingCentral's), else empty.
     */
    public Manifest(List<NoteRecord> notes, List<ManifestFile> files) {
      this(notes, files, commonSource(notes));
    }

    private static Optional<TextSource> commonSource(List<NoteRecord> notes) {
      java.util.Set<Optional<TextSource>> sources = new java.util.HashSet<>();
      notes.forEach(n -> sources.add(n.source()));
      return sources.size() == 1 ? sources.iterator().next() : Optional.empty();
    }
  }

  /**
   * Durably writes the records and returns where they are (a path, a key). Must complete before any delete.
   */
  String write(List<NoteRecord> records);

  /** The Notes of the manifest at {@code location}; throws naming the location when there is none. */
  List<NoteRecord> read(String location);

  /**
   * Durably writes Notes and files; must complete before any delete. The default writes the Notes with
   * {@link #write(List)} and refuses a manifest with files ({@link UnsupportedOperationException}), so no file is
   * deleted that the store could not record.
   */
  default String write(Manifest manifest) {
    if (!manifest.files().isEmpty()) {
      throw new UnsupportedOperationException(getClass().getSimpleName()
          + " cannot record files in a rollback manifest; nothing was deleted");
    }
    return write(manifest.notes());
  }

  /** The Notes and files of the manifest at {@code location}. The default reads the Notes and no file. */
  default Manifest readManifest(String location) {
    return new Manifest(read(location), List.of());
  }
}
