package io.rcsync.testkit.fake;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.testkit.fixtures.SalesforceIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Salesforce Files in memory, behaving as {@code SalesforceFileStore} does on Salesforce for rcsync: a file is a
 * ContentDocument ({@code 069…}) whose first ContentVersion ({@code 068…}) carries rcsync's key; {@link #upload}
 * publishes it to the first linked record, {@link #share} adds links; {@link #delete} removes documents with every
 * link and refuses documents without an {@code rc_att_} key ({@value #NOT_RCSYNC_FILE}). Staff can add a version
 * without the key ({@link #uploadNewVersion}): the key still finds the file. As Salesforce, a second upload under a
 * key already stored makes a second document (ContentVersion has no unique key): {@link #duplicates()} lists such
 * keys, and tests assert it is empty. Lookups find files through the Notes they are linked to, as the adapter does.
 *
 * <p>Calls counted as {@link ApiCalls#SALESFORCE}, as the Salesforce adapter makes them: {@link #findByKeys} 2 (the
 * Notes' files' versions, then their links), {@link #storedKeys} 1, {@link #findByNotes} 2, {@link #upload} 1,
 * {@link #uploadAll} 1 per 200 files, {@link #share} 2 per 200 shares (the
 * documents' ids, then one sObject Collections create), {@link #unshare} 2 per 200, {@link #delete} 1 per 200. Failures can be injected for a
 * key ({@link #refuse}) or for every call ({@link #failCalls}); the bytes of each file are kept for assertions
 * ({@link #content}, {@link #sha256}).
 *
 * <p>Thread-safe.
 */
public final class InMemoryFiles implements FileStore {
  /** The error code of a delete refused because the document is not one rcsync uploaded. */
  public static final String NOT_RCSYNC_FILE = "NOT_AN_RCSYNC_FILE";
  private static final int PER_CALL = 200;

  private final ApiCalls apiCalls;
  private final long maxFileBytes;
  private final SalesforceIds versionIds = SalesforceIds.withPrefix("068");
  private final SalesforceIds documentIds = SalesforceIds.withPrefix("069");
  private final Map<SalesforceId, Doc> documents = new LinkedHashMap<>();
  private final Map<String, String> refusals = new LinkedHashMap<>();
  private ExternalSystemException.Kind failing;
  private int calls;

  private static final class Doc {
    final String key;
    final String title;
    final String fileName;
    final String contentType;
    final SalesforceId versionId;
    final SalesforceId documentId;
    final byte[] bytes;
    final Set<SalesforceId> links = new LinkedHashSet<>();
    /** Versions staff added after rcsync's (none carries the key). */
    int laterVersions;

    Doc(String key, String title, String fileName, String contentType, SalesforceId versionId, SalesforceId documentId,
        byte[] bytes) {
      this.key = key;
      this.title = title;
      this.fileName = fileName;
      this.contentType = contentType;
      this.versionId = versionId;
      this.documentId = documentId;
      this.bytes = bytes;
    }

    StoredFile stored() {
      return new StoredFile(key, versionId, documentId, bytes.length, List.copyOf(links),
          java.util.Optional.ofNullable(fileName));
    }

    /** As {@code SalesforceFileStore.upload} returns it: the create answers the version's id only. */
    StoredFile uploaded() {
      return new StoredFile(key, versionId, null, bytes.length, List.copyOf(links));
    }
  }

  /** Counting into a fresh counter, files up to 2 GB (Salesforce's ContentVersion limit). */
  public InMemoryFiles() {
    this(new ApiCalls(), 2L * 1024 * 1024 * 1024);
  }

  /**
   * @param apiCalls counted one {@link ApiCalls#SALESFORCE} per call
   * @param maxFileBytes the largest file {@link #upload} stores; a larger one is refused
   *     {@code REQUEST_ENTITY_TOO_LARGE} (as Salesforce's 413 on an oversized request body)
   */
  public InMemoryFiles(ApiCalls apiCalls, long maxFileBytes) {
    this.apiCalls = apiCalls;
    this.maxFileBytes = maxFileBytes;
  }

  /** Refuses the upload of this key with a per-file error (e.g. {@code "STORAGE_LIMIT_EXCEEDED: ..."}). */
  public synchronized InMemoryFiles refuse(String key, String error) {
    refusals.put(key, error);
    return this;
  }

  /** Every later call throws an {@link ExternalSystemException} of this kind; null stops failing. */
  public synchronized InMemoryFiles failCalls(ExternalSystemException.Kind kind) {
    this.failing = kind;
    return this;
  }

  /** Puts a file that rcsync did not upload (no key) linked to a record; returns its ContentDocument id. */
  public synchronized SalesforceId insertForeign(String title, SalesforceId linkedTo, byte[] bytes) {
    Doc d = new Doc("", title, title, "application/octet-stream", versionIds.next(), documentIds.next(), bytes.clone());
    d.links.add(linkedTo);
    documents.put(d.documentId, d);
    return d.documentId;
  }

  /** Deletes a file behind rcsync's back (staff removed it), by key; true if there was one. */
  public synchronized boolean removeBehindTheBack(String key) {
    return documents.values().removeIf(d -> d.key.equals(key));
  }

  /** Staff upload a new version of the file stored under this key (its new latest version has no key). */
  public synchronized boolean uploadNewVersion(String key) {
    Optional<Doc> d = byKey(key);
    d.ifPresent(doc -> doc.laterVersions++);
    return d.isPresent();
  }

  /** Keys stored by more than one document (a double upload); tests assert none. */
  public synchronized List<String> duplicates() {
    Map<String, Integer> count = new LinkedHashMap<>();
    documents.values().stream().filter(d -> d.key.startsWith("rc_att_")).forEach(d -> count.merge(d.key, 1, Integer::sum));
    return count.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
  }

  /** 2 calls an empty map included (the adapter makes none then; callers never pass one). */
  @Override
  public synchronized Map<String, StoredFile> findByKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
    call();
    call();
    return throughNotes(keys, noteIds);
  }

  @Override
  public synchronized Set<String> storedKeys(Collection<String> keys, Collection<SalesforceId> noteIds) {
    call();
    return Set.copyOf(throughNotes(keys, noteIds).keySet());
  }

  /** The wanted keys' files among the documents linked to the Notes, the oldest document first, in key order. */
  private Map<String, StoredFile> throughNotes(Collection<String> keys, Collection<SalesforceId> notes) {
    Set<String> wanted = new LinkedHashSet<>(keys);
    Map<String, StoredFile> found = new LinkedHashMap<>();
    for (Doc d : documents.values()) {
      if (wanted.contains(d.key) && !found.containsKey(d.key) && linkedToAny(d, notes)) {
        found.put(d.key, d.stored());
      }
    }
    Map<String, StoredFile> out = new LinkedHashMap<>();
    for (String k : wanted) {
      if (found.containsKey(k)) {
        out.put(k, found.get(k));
      }
    }
    return out;
  }

  private static boolean linkedToAny(Doc d, Collection<SalesforceId> records) {
    return records.stream().anyMatch(r -> d.links.stream().anyMatch(l -> l.sameRecord(r)));
  }

  @Override
  public synchronized List<StoredFile> findByNotes(Collection<SalesforceId> noteIds) {
    call();
    call();
    List<StoredFile> out = new ArrayList<>();
    for (Doc d : documents.values()) {
      if (io.rcsync.core.domain.FileKey.isRcsyncKey(d.key) && linkedToAny(d, noteIds)) {
        out.add(d.stored());
      }
    }
    return out;
  }

  @Override
  public UploadOutcome upload(Upload upload) {
    synchronized (this) {
      call();
    }
    return store(upload);
  }

  /**
   * One call per {@value FileStore#MAX_FILES_PER_CALL} files (a new call also before a file that would take the call
   * over {@link FileStore#MAX_BYTES_PER_CALL} by its known length), as Salesforce's multipart sObject Collections
   * insert; each file stored or refused as {@link #upload} does. An empty list makes no call. An injected
   * {@link #failCalls} failure fails the whole call: its files are not stored.
   */
  @Override
  public List<UploadOutcome> uploadAll(List<Upload> uploads) {
    List<UploadOutcome> out = new ArrayList<>();
    int inCall = 0;
    long bytesInCall = 0;
    for (Upload u : uploads) {
      long bytes = u.content().length().orElse(0);
      if (inCall == 0 || inCall >= PER_CALL || bytesInCall + bytes > MAX_BYTES_PER_CALL) {
        synchronized (this) {
          call();
        }
        inCall = 0;
        bytesInCall = 0;
      }
      inCall++;
      bytesInCall += bytes;
      out.add(store(u));
    }
    return out;
  }

  private UploadOutcome store(Upload upload) {
    synchronized (this) {
      String refusal = refusals.get(upload.key());
      if (refusal != null) {
        upload.content().close();
        return new UploadOutcome(upload.key(), Optional.empty(), Optional.of(refusal));
      }
    }
    byte[] bytes;
    try (InputStream in = upload.content().stream()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
    } catch (IOException | UncheckedIOException | ExternalSystemException e) {
      return new UploadOutcome(upload.key(), Optional.empty(),
          Optional.of("upload failed reading the content: " + e.getMessage()));
    }
    synchronized (this) {
      if (bytes.length > maxFileBytes) {
        return new UploadOutcome(upload.key(), Optional.empty(), Optional.of(
            "REQUEST_ENTITY_TOO_LARGE: the file is over the " + maxFileBytes + "-byte limit for one ContentVersion"));
      }
      // as Salesforce, a key already stored makes a second document: duplicates() shows it to the tests
      Doc d = new Doc(upload.key(), upload.title(), upload.fileName(), upload.contentType(), versionIds.next(),
          documentIds.next(), bytes);
      if (!upload.linkedTo().isEmpty()) {
        d.links.add(upload.linkedTo().get(0));
      }
      documents.put(d.documentId, d);
      return new UploadOutcome(upload.key(), Optional.of(d.uploaded()), Optional.empty());
    }
  }

  @Override
  public synchronized List<ShareOutcome> share(List<Share> shares) {
    for (int i = 0; i < shares.size(); i += PER_CALL) {
      call();
      call();
    }
    List<ShareOutcome> out = new ArrayList<>();
    for (Share s : shares) {
      Doc d = documents.values().stream().filter(doc -> s.file().contentDocumentId() != null
          ? doc.documentId.sameRecord(s.file().contentDocumentId())
          : doc.versionId.sameRecord(s.file().contentVersionId())).findFirst().orElse(null);
      if (d == null) {
        out.add(new ShareOutcome(s, Optional.of("file " + s.file().key() + ": ContentVersion "
            + s.file().contentVersionId().value() + " is not in Salesforce (deleted?); not linked to "
            + s.record().value())));
      } else {
        d.links.add(s.record());
        out.add(new ShareOutcome(new Share(d.stored(), s.record()), Optional.empty()));
      }
    }
    return out;
  }

  /** Removes links as Salesforce does (2 calls per 200: the links' ids, then one sObject Collections delete). */
  @Override
  public synchronized List<ShareOutcome> unshare(List<Share> shares) {
    for (int i = 0; i < shares.size(); i += PER_CALL) {
      call();
      call();
    }
    List<ShareOutcome> out = new ArrayList<>();
    for (Share s : shares) {
      documents.values().stream().filter(doc -> s.file().contentDocumentId() != null
          ? doc.documentId.sameRecord(s.file().contentDocumentId())
          : doc.versionId.sameRecord(s.file().contentVersionId())).findFirst()
          .ifPresent(d -> d.links.removeIf(l -> l.sameRecord(s.record())));
      out.add(new ShareOutcome(s, Optional.empty()));
    }
    return out;
  }

  /** Removes one link of a file behind rcsync's back (staff unlinked it from a record), by key; true if it was there. */
  public synchronized boolean unlinkBehindTheBack(String key, SalesforceId record) {
    return documents.values().stream().filter(d -> d.key.equals(key))
        .map(d -> d.links.removeIf(l -> l.sameRecord(record))).reduce(false, Boolean::logicalOr);
  }

  @Override
  public synchronized List<DeleteOutcome> delete(Collection<SalesforceId> contentDocumentIds) {
    List<SalesforceId> ids = List.copyOf(contentDocumentIds);
    for (int i = 0; i < ids.size(); i += PER_CALL) {
      call();
    }
    List<DeleteOutcome> out = new ArrayList<>();
    for (SalesforceId id : ids) {
      Doc d = documents.get(id);
      if (d == null) {
        out.add(DeleteOutcome.failed(id, "ENTITY_IS_DELETED", "entity is deleted"));
      } else if (!io.rcsync.core.domain.FileKey.isRcsyncKey(d.key)) {
        out.add(DeleteOutcome.failed(id, NOT_RCSYNC_FILE, "not a file rcsync uploaded; left alone"));
      } else {
        documents.remove(id);
        out.add(DeleteOutcome.ok(id));
      }
    }
    return out;
  }

  /** The file stored under this key, if any. */
  public synchronized Optional<StoredFile> stored(String key) {
    return byKey(key).map(Doc::stored);
  }

  /** Every file rcsync stored (with an {@code rc_att_} key). */
  public synchronized List<StoredFile> rcsyncFiles() {
    return documents.values().stream().filter(d -> io.rcsync.core.domain.FileKey.isRcsyncKey(d.key)).map(Doc::stored).toList();
  }

  /** The bytes of the file stored under this key. */
  public synchronized Optional<byte[]> content(String key) {
    return byKey(key).map(d -> d.bytes.clone());
  }

  /** The file's title, name and content type as uploaded: {@code [title, fileName, contentType]}. */
  public synchronized Optional<List<String>> describe(String key) {
    return byKey(key).map(d -> List.of(String.valueOf(d.title), String.valueOf(d.fileName),
        String.valueOf(d.contentType)));
  }

  /** Lower-case hex SHA-256 of the file stored under this key. */
  public synchronized Optional<String> sha256(String key) {
    return byKey(key).map(d -> sha256(d.bytes));
  }

  /** Calls made so far. */
  public synchronized int calls() {
    return calls;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Optional<Doc> byKey(String key) {
    return documents.values().stream().filter(d -> d.key.equals(key)).findFirst();
  }

  private void call() {
    calls++;
    apiCalls.increment(ApiCalls.SALESFORCE);
    if (failing != null) {
      throw new ExternalSystemException(ApiCalls.SALESFORCE, failing,
          "Salesforce Files call failed (" + failing + ", injected by InMemoryFiles)");
    }
  }
}
