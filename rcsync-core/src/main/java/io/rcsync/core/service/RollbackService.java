package io.rcsync.core.service;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.domain.DeleteOutcome;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.in.RestoreNotesUseCase;
import io.rcsync.core.port.in.RollbackCommand;
import io.rcsync.core.port.in.RollbackNotesUseCase;
import io.rcsync.core.port.out.AttachmentSource;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.service.sync.UploadBatcher;
import io.rcsync.core.port.out.ManifestStore;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.report.RestoreReport;
import io.rcsync.core.report.RollbackReport;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rollback and restore of the Notes rcsync wrote.
 *
 * <p>Guards: only Notes whose external id starts with {@code rc_msg_} are deleted (the store's query filters on
 * it and every record is checked again here); nothing is deleted without {@code confirm}; the manifest of every
 * record is written before the first delete; a selection larger than {@code maxDelete} is refused.
 *
 * <p><b>Files (issue 12).</b> rcsync's Salesforce Files ({@code rc_att_} keys; the file store refuses others) linked
 * to the selected Notes go with them. Order: manifest (Notes and files) first, then the files, then the Notes. A
 * crash after the manifest leaves at worst Notes whose files are gone, and every such file is in the manifest (restore
 * re-creates it; the Note, still there, is upserted). The other order would leave files whose Note is gone: they stay
 * shared with the Matter, a re-run no longer finds them by Note, and nothing records them. A Note one of whose files
 * could not be deleted is kept (counted as failed), so a re-run finds both again.
 *
 * <p><b>Calls</b> for N Notes with M files: rollback adds {@code ceil(N/200)} {@link FileStore#findByNotes} (also in
 * the dry run), one RingCentral message-store list per extension (plus pages) to record the content URIs, and
 * {@code ceil(M/200)} file deletes. Restore adds {@code ceil(M/200)} {@link FileStore#storedKeys} (presence only), then per missing
 * file one RingCentral download; the uploads are batched ({@link UploadBatcher}: one {@link FileStore#uploadAll} per
 * 200 small files or 32 MiB, one {@link FileStore#upload} per file over 4 MiB), and one {@link FileStore#share} for
 * all of them.
 */
public final class RollbackService implements RollbackNotesUseCase, RestoreNotesUseCase {
  private static final int SAMPLE_SIZE = 10;
  /** Files per {@link FileStore#delete} and {@link FileStore#findByKeys} call (sObject Collections' 200). */
  static final int FILES_PER_DELETE = 200;
  /** How far before an untimed Note's CreatedDate its message is looked for (no --since, no message-time field). */
  static final int UNTIMED_LOOKBACK_DAYS = 90;
  private static final String FILE_KEY_PREFIX = "rc_att_";

  private final Roster roster;
  private final NoteStore store;
  private final ManifestStore manifests;
  private final Clock clock;
  private final ApiCalls apiCalls;
  private final Optional<FileStore> files;
  private final Optional<AttachmentSource> attachments;
  private final Optional<MessageSource> messages;

  /** Notes only: no file is looked up, deleted or restored. */
  public RollbackService(Roster roster, NoteStore store, ManifestStore manifests, Clock clock, ApiCalls apiCalls) {
    this(roster, store, manifests, clock, apiCalls, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * @param files Salesforce Files (issue 12): rcsync's files linked to the deleted Notes are deleted with them and
   *     re-created on restore; empty leaves files alone
   * @param attachments where restore downloads a file's content again (RingCentral)
   * @param messages where rollback reads the deleted files' messages to record their content URIs in the manifest
   *     (one message-store list per extension and window); empty records files without a URI (not restorable)
   */
  public RollbackService(Roster roster, NoteStore store, ManifestStore manifests, Clock clock, ApiCalls apiCalls,
      Optional<FileStore> files, Optional<AttachmentSource> attachments, Optional<MessageSource> messages) {
    this.roster = roster;
    this.store = store;
    this.manifests = manifests;
    this.clock = clock;
    this.apiCalls = apiCalls;
    this.files = files;
    this.attachments = attachments;
    this.messages = messages;
  }

  @Override
  public RollbackReport rollback(RollbackCommand command) {
    Instant started = clock.instant();
    Map<String, Long> before = apiCalls.snapshot();
    Set<SalesforceId> owners = new HashSet<>();
    command.wave().ifPresent(w -> {
      for (StaffMember m : roster.wave(w).members()) {
        m.sfUserId().ifPresent(owners::add);
      }
      if (owners.isEmpty()) {
        throw new IllegalArgumentException("wave " + w + " has no member with an sfUserId: nothing to select by owner");
      }
    });
    command.owner().ifPresent(o -> {
      if (command.wave().isPresent() && owners.stream().noneMatch(o::sameRecord)) {
        throw new IllegalArgumentException("owner " + o + " is not a member of wave " + command.wave().get());
      }
      owners.clear();
      owners.add(o);
    });
    List<NoteRecord> found = store.find(new NoteStore.Query(owners, command.since(), command.until(), command.messageId()));
    List<NoteRecord> deletable = new ArrayList<>();
    long refused = 0;
    for (NoteRecord r : found) {
      if (r.writtenByRcsync()) {
        deletable.add(r);
      } else {
        refused++;
      }
    }
    List<String> sample = deletable.stream().limit(SAMPLE_SIZE).map(RollbackService::describe).toList();
    // rcsync's files on these Notes (issue 12): counted by the dry run too
    Map<SalesforceId, List<FileStore.StoredFile>> filesByNote = filesOf(deletable);
    long fileCount = filesByNote.values().stream().mapToLong(List::size).sum();
    if (!command.confirm()) {
      return new RollbackReport(true, started, clock.instant(), deletable.size(), refused, 0, 0, sample, List.of(),
          Optional.empty(), Optional.empty(), apiCalls.since(before), fileCount, 0, 0, List.of());
    }
    if (deletable.size() > command.maxDelete()) {
      String why = deletable.size() + " Notes selected, more than the limit of " + command.maxDelete()
          + ": narrow the filters or pass --max-delete " + deletable.size();
      return new RollbackReport(false, started, clock.instant(), deletable.size(), refused, 0, 0, sample, List.of(),
          Optional.empty(), Optional.of(why), apiCalls.since(before), fileCount, 0, 0, List.of());
    }
    if (deletable.isEmpty()) {
      return new RollbackReport(false, started, clock.instant(), 0, refused, 0, 0, sample, List.of(), Optional.empty(),
          Optional.empty(), apiCalls.since(before));
    }
    List<ManifestStore.ManifestFile> manifestFiles;
    try {
      manifestFiles = describeFiles(deletable, filesByNote, command.since());
    } catch (ExternalSystemException e) {
      String why = "could not read the files' messages from RingCentral to record them in the manifest ("
          + e.getMessage() + "); nothing was deleted: re-run when RingCentral answers";
      return new RollbackReport(false, started, clock.instant(), deletable.size(), refused, 0, 0, sample, List.of(),
          Optional.empty(), Optional.of(why), apiCalls.since(before), fileCount, 0, 0, List.of());
    }
    List<String> notRestorable = manifestFiles.stream().filter(f -> f.uri().isEmpty())
        .map(f -> f.key() + " on " + f.noteExternalId() + ": message " + f.messageId()
            + " not found at RingCentral, so restore cannot re-create this file")
        .toList();
    String manifest = manifests.write(new ManifestStore.Manifest(deletable, manifestFiles));
    List<String> failures = new ArrayList<>();
    // files first, then their Notes: see the class comment
    Set<SalesforceId> keep = new HashSet<>();
    long[] fileCounts = deleteFiles(filesByNote, keep, failures, manifest);
    long deleted = 0;
    long failed = 0;
    List<NoteRecord> toDelete = new ArrayList<>();
    for (NoteRecord r : deletable) {
      if (keep.contains(r.id())) {
        failed++;
        failures.add(r.id() + " " + r.externalId() + ": Note kept because one of its files was not deleted"
            + " (re-run the same rollback to finish)");
      } else {
        toDelete.add(r);
      }
    }
    for (int i = 0; i < toDelete.size(); i += store.maxBatchSize()) {
      List<NoteRecord> batch = toDelete.subList(i, Math.min(toDelete.size(), i + store.maxBatchSize()));
      for (NoteRecord r : batch) {
        if (!r.writtenByRcsync()) {
          throw new IllegalStateException("refusing to delete " + r.id() + ": external id lacks rc_msg_ prefix");
        }
      }
      List<DeleteOutcome> outcomes;
      try {
        outcomes = store.delete(batch.stream().map(NoteRecord::id).toList());
      } catch (ExternalSystemException e) {
        long notTried = toDelete.size() - i;
        failed += notTried;
        failures.add("stopped after " + deleted + " deleted; " + notTried + " not deleted: " + e.getMessage()
            + " (re-run the same rollback to finish; the manifest " + manifest + " restores what was deleted)");
        break;
      }
      Set<String> answered = new HashSet<>();
      for (DeleteOutcome o : outcomes) {
        answered.add(o.id().shortForm());
        if (o.deleted()) {
          deleted++;
        } else {
          failed++;
          failures.add(o.id() + ": " + o.errorCode() + " " + o.message());
        }
      }
      for (NoteRecord r : batch) {
        if (!answered.contains(r.id().shortForm())) {
          failed++;
          failures.add(r.id() + ": no result returned for this record");
        }
      }
    }
    return new RollbackReport(false, started, clock.instant(), deletable.size(), refused, deleted, failed, sample,
        failures, Optional.of(manifest), Optional.empty(), apiCalls.since(before), fileCount, fileCounts[0],
        fileCounts[1], notRestorable);
  }

  /**
   * rcsync's files ({@code rc_att_} keys) linked to these Notes, by Note: {@link FileStore#findByNotes} per
   * {@link NoteStore#maxBatchSize()} Notes. A file linked to two selected Notes is listed under the first.
   */
  private Map<SalesforceId, List<FileStore.StoredFile>> filesOf(List<NoteRecord> notes) {
    Map<SalesforceId, List<FileStore.StoredFile>> out = new LinkedHashMap<>();
    if (files.isEmpty() || notes.isEmpty()) {
      return out;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < notes.size(); i += store.maxBatchSize()) {
      List<NoteRecord> batch = notes.subList(i, Math.min(notes.size(), i + store.maxBatchSize()));
      Map<String, SalesforceId> byShortId = new LinkedHashMap<>();
      batch.forEach(r -> byShortId.put(r.id().shortForm(), r.id()));
      for (FileStore.StoredFile f : files.get().findByNotes(batch.stream().map(NoteRecord::id).toList())) {
        if (!f.key().startsWith(FILE_KEY_PREFIX) || !seen.add(f.contentDocumentId().shortForm())) {
          continue;
        }
        f.linkedTo().stream().map(id -> byShortId.get(id.shortForm())).filter(java.util.Objects::nonNull).findFirst()
            .ifPresent(note -> out.computeIfAbsent(note, n -> new ArrayList<>()).add(f));
      }
    }
    return out;
  }

  /**
   * What restore needs to re-create each file: its key's message and attachment ids, and from RingCentral the
   * attachment's content URI, file name and content type. The messages are read with {@link MessageSource#fetch},
   * one list per extension of the Notes' owners (roster), over the window of those Notes' message times (exact when
   * the Note has its message time; else from {@code --since}, or {@value #UNTIMED_LOOKBACK_DAYS} days before the
   * Note's CreatedDate, to that CreatedDate: a text is always older than its Note). A file whose message is not found
   * is recorded without a URI and listed as not restorable.
   */
  private List<ManifestStore.ManifestFile> describeFiles(List<NoteRecord> notes,
      Map<SalesforceId, List<FileStore.StoredFile>> filesByNote, Optional<Instant> since) {
    List<ManifestStore.ManifestFile> out = new ArrayList<>();
    if (filesByNote.isEmpty()) {
      return out;
    }
    Map<String, SmsMessage> located = new HashMap<>();
    Map<ExtensionId, Instant[]> windows = new LinkedHashMap<>();
    Set<String> wanted = new HashSet<>();
    for (NoteRecord r : notes) {
      List<FileStore.StoredFile> fs = filesByNote.get(r.id());
      if (fs == null) {
        continue;
      }
      fs.forEach(f -> wanted.add(keyParts(f.key())[0]));
      Instant from = r.messageTime().orElseGet(() -> since.orElse(r.createdDate().minus(UNTIMED_LOOKBACK_DAYS, ChronoUnit.DAYS)));
      Instant to = r.effectiveTime().plusSeconds(1);
      for (ExtensionId ext : extensionsOf(r)) {
        windows.merge(ext, new Instant[] {from, to}, (a, b) -> new Instant[] {
            a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
      }
    }
    if (messages.isPresent()) {
      for (Map.Entry<ExtensionId, Instant[]> w : windows.entrySet()) {
        Instant from = w.getValue()[0];
        Instant to = w.getValue()[1].isAfter(from) ? w.getValue()[1] : from.plusSeconds(1);
        messages.get().fetch(w.getKey(), new TimeWindow(from, to), page -> {
          for (SmsMessage m : page.messages()) {
            if (wanted.contains(m.id().value())) {
              located.put(m.id().value(), m);
            }
          }
        });
      }
    }
    for (NoteRecord r : notes) {
      for (FileStore.StoredFile f : filesByNote.getOrDefault(r.id(), List.of())) {
        String[] parts = keyParts(f.key());
        SmsMessage m = located.get(parts[0]);
        Optional<Attachment> a = m == null ? Optional.empty()
            : m.attachments().stream().filter(x -> x.id().equals(parts[1])).findFirst();
        List<SalesforceId> shared = f.linkedTo().stream().filter(id -> !id.sameRecord(r.id())).toList();
        out.add(new ManifestStore.ManifestFile(f.key(), r.externalId(),
            m == null ? extensionsOf(r).stream().findFirst().map(ExtensionId::value) : Optional.of(m.extension().value()),
            parts[0], parts[1], a.map(Attachment::uri).filter(u -> !u.isBlank()),
            a.flatMap(Attachment::name).orElse(""), a.map(Attachment::contentType).orElse(""), f.sizeBytes(), shared));
      }
    }
    return out;
  }

  private List<ExtensionId> extensionsOf(NoteRecord r) {
    List<ExtensionId> out = new ArrayList<>();
    r.owner().ifPresent(o -> roster.allMembers().stream()
        .filter(m -> m.sfUserId().filter(o::sameRecord).isPresent())
        .forEach(m -> m.extensionId().filter(e -> !out.contains(e)).ifPresent(out::add)));
    return out;
  }

  /** {@code [messageId, attachmentId]} of a key {@code rc_att_{messageId}_{attachmentId}} (message ids are digits). */
  private static String[] keyParts(String key) {
    String rest = key.substring(FILE_KEY_PREFIX.length());
    int cut = rest.indexOf('_');
    return cut < 0 ? new String[] {rest, ""} : new String[] {rest.substring(0, cut), rest.substring(cut + 1)};
  }

  /**
   * Deletes the files, {@value #FILES_PER_DELETE} a call; a Note with a file not deleted goes into {@code keep}.
   *
   * @return {@code [deleted, failed]}
   */
  private long[] deleteFiles(Map<SalesforceId, List<FileStore.StoredFile>> filesByNote, Set<SalesforceId> keep,
      List<String> failures, String manifest) {
    long deleted = 0;
    long failed = 0;
    Map<String, SalesforceId> noteOf = new LinkedHashMap<>();
    Map<String, String> keyOf = new HashMap<>();
    filesByNote.forEach((note, fs) -> fs.forEach(f -> {
      noteOf.put(f.contentDocumentId().shortForm(), note);
      keyOf.put(f.contentDocumentId().shortForm(), f.key());
    }));
    List<SalesforceId> docs = filesByNote.values().stream().flatMap(List::stream)
        .map(FileStore.StoredFile::contentDocumentId).toList();
    for (int i = 0; i < docs.size(); i += FILES_PER_DELETE) {
      List<SalesforceId> batch = docs.subList(i, Math.min(docs.size(), i + FILES_PER_DELETE));
      List<DeleteOutcome> outcomes;
      try {
        outcomes = files.orElseThrow().delete(batch);
      } catch (ExternalSystemException e) {
        List<SalesforceId> rest = docs.subList(i, docs.size());
        failed += rest.size();
        rest.forEach(d -> keep.add(noteOf.get(d.shortForm())));
        failures.add("file deletes stopped after " + deleted + " deleted; " + rest.size() + " files not deleted and"
            + " their Notes kept: " + e.getMessage() + " (re-run the same rollback to finish; the manifest " + manifest
            + " restores what was deleted)");
        break;
      }
      Set<String> answered = new HashSet<>();
      for (DeleteOutcome o : outcomes) {
        answered.add(o.id().shortForm());
        if (o.deleted()) {
          deleted++;
        } else {
          failed++;
          keep.add(noteOf.get(o.id().shortForm()));
          failures.add("file " + o.id() + " (" + keyOf.get(o.id().shortForm()) + "): " + o.errorCode() + " " + o.message());
        }
      }
      for (SalesforceId d : batch) {
        if (!answered.contains(d.shortForm())) {
          failed++;
          keep.add(noteOf.get(d.shortForm()));
          failures.add("file " + d + " (" + keyOf.get(d.shortForm()) + "): no result returned for this file");
        }
      }
    }
    keep.remove(null);
    return new long[] {deleted, failed};
  }

  @Override
  public RestoreReport restore(String manifestLocation, boolean dryRun) {
    Instant started = clock.instant();
    Map<String, Long> before = apiCalls.snapshot();
    ManifestStore.Manifest manifest = manifests.readManifest(manifestLocation);
    List<NoteRecord> records = manifest.notes();
    for (NoteRecord r : records) {
      if (!r.writtenByRcsync()) {
        throw new IllegalArgumentException("manifest " + manifestLocation + " holds record " + r.id()
            + " whose external id '" + r.externalId() + "' is not an rcsync id: refusing to restore it");
      }
    }
    for (ManifestStore.ManifestFile f : manifest.files()) {
      if (!f.key().startsWith(FILE_KEY_PREFIX)) {
        throw new IllegalArgumentException("manifest " + manifestLocation + " holds file '" + f.key()
            + "' whose key is not an rcsync key (rc_att_…): refusing to restore it");
      }
    }
    long fileCount = manifest.files().size();
    if (dryRun) {
      return new RestoreReport(true, manifestLocation, started, clock.instant(), records.size(), 0, 0, 0, List.of(),
          apiCalls.since(before), fileCount, 0, 0, 0, List.of());
    }
    long created = 0;
    long updated = 0;
    long failed = 0;
    List<String> failures = new ArrayList<>();
    Map<String, SalesforceId> restoredIds = new HashMap<>();
    for (int i = 0; i < records.size(); i += store.maxBatchSize()) {
      List<NoteRecord> batch = records.subList(i, Math.min(records.size(), i + store.maxBatchSize()));
      List<WriteOutcome> outcomes;
      try {
        outcomes = store.restore(batch);
      } catch (ExternalSystemException e) {
        long notTried = records.size() - i;
        failed += notTried;
        failures.add("stopped after " + (created + updated) + " restored; " + notTried + " not restored: "
            + e.getMessage() + " (re-run the restore: it upserts by external id, so it is safe to repeat)");
        break;
      }
      Set<String> answered = new HashSet<>();
      for (WriteOutcome o : outcomes) {
        answered.add(o.externalId());
        o.id().ifPresent(id -> restoredIds.put(o.externalId(), id));
        switch (o.status()) {
          case CREATED -> created++;
          case UPDATED -> updated++;
          case FAILED -> {
            failed++;
            failures.add(o.externalId() + ": " + o.describeError());
          }
        }
      }
      for (NoteRecord r : batch) {
        if (!answered.contains(r.externalId())) {
          failed++;
          failures.add(r.externalId() + ": no result returned for this record");
        }
      }
    }
    FileRestore fr = restoreFiles(manifest.files(), restoredIds);
    return new RestoreReport(false, manifestLocation, started, clock.instant(), records.size(), created, updated, failed,
        failures, apiCalls.since(before), fileCount, fr.present, fr.restored, fr.failures.size(), fr.failures);
  }

  private static final class FileRestore {
    long present;
    long restored;
    final List<String> failures = new ArrayList<>();
  }

  /**
   * Re-creates the manifest's files that are not in Salesforce under their key: downloads each again
   * ({@link AttachmentSource#open}), uploads it published to its restored Note (small files batched by an
   * {@link UploadBatcher} into {@link FileStore#uploadAll}, large ones alone by {@link FileStore#upload}), then shares
   * all of them with their Matters/Intakes in one {@link FileStore#share}. Per-file failures are listed, one line each.
   */
  private FileRestore restoreFiles(List<ManifestStore.ManifestFile> wanted, Map<String, SalesforceId> restoredIds) {
    FileRestore out = new FileRestore();
    if (wanted.isEmpty()) {
      return out;
    }
    if (files.isEmpty()) {
      wanted.forEach(f -> out.failures.add(f.key() + ": not restored: no file store configured"));
      return out;
    }
    Set<String> present = new HashSet<>();
    List<String> keys = wanted.stream().map(ManifestStore.ManifestFile::key).toList();
    try {
      for (int i = 0; i < keys.size(); i += FILES_PER_DELETE) {
        // presence only, through the restored Notes (indexed; no link lookup)
        List<ManifestStore.ManifestFile> batch = wanted.subList(i, Math.min(keys.size(), i + FILES_PER_DELETE));
        present.addAll(files.get().storedKeys(batch.stream().map(ManifestStore.ManifestFile::key).toList(),
            batch.stream().map(f -> restoredIds.get(f.noteExternalId())).filter(java.util.Objects::nonNull).distinct()
                .toList()));
      }
    } catch (ExternalSystemException e) {
      wanted.forEach(f -> out.failures.add(f.key() + ": not restored: looking up the files failed: " + e.getMessage()
          + " (re-run the restore: files already present are not uploaded twice)"));
      return out;
    }
    List<FileStore.Share> shares = new ArrayList<>();
    UploadBatcher batcher = new UploadBatcher(files.get());
    for (ManifestStore.ManifestFile f : wanted) {
      if (present.contains(f.key())) {
        out.present++;
        continue;
      }
      SalesforceId note = restoredIds.get(f.noteExternalId());
      if (note == null) {
        out.failures.add(f.key() + ": not restored: its Note " + f.noteExternalId() + " was not restored");
        continue;
      }
      if (f.uri().isEmpty() || f.extensionId().isEmpty()) {
        out.failures.add(f.key() + ": not restored: the manifest has no RingCentral content URI for message "
            + f.messageId() + " (it was not found at RingCentral when the rollback ran)");
        continue;
      }
      if (attachments.isEmpty()) {
        out.failures.add(f.key() + ": not restored: no RingCentral attachment source configured");
        continue;
      }
      Attachment a = new Attachment(f.attachmentId(), f.uri().get(), Attachment.MMS_ATTACHMENT,
          f.contentType().isEmpty() ? null : f.contentType(), f.sizeBytes(), f.fileName().isEmpty() ? null : f.fileName());
      AttachmentSource.Content content;
      try {
        content = attachments.get().open(ExtensionId.of(f.extensionId().get()), MessageId.of(f.messageId()), a);
      } catch (ExternalSystemException e) {
        out.failures.add(f.key() + ": not restored: " + e.getMessage());
        continue;
      }
      List<SalesforceId> linked = new ArrayList<>();
      linked.add(note);
      linked.addAll(f.sharedWith());
      String name = f.fileName().isEmpty() ? f.key() : f.fileName();
      String type = f.contentType().isEmpty() ? content.contentType() : f.contentType();
      UploadBatcher.Read read;
      try {
        read = UploadBatcher.read(content.stream(), content.length());
      } catch (java.io.IOException | RuntimeException e) {
        content.close();
        out.failures.add(f.key() + ": not restored: download failed: " + (e.getMessage() == null
            ? e.getClass().getName() : e.getMessage()));
        continue;
      }
      if (read.complete()) {
        // small: sent with others in one uploadAll
        content.close();
        try {
          batcher.add(new FileStore.Upload(f.key(), name, name, type, linked,
              UploadBatcher.inMemory(read.head(), type)), read.head().length,
              (up, failure) -> restored(out, f, up, failure, shares));
        } catch (ExternalSystemException e) {
          // every file of the failed call has its failure line already
        }
        continue;
      }
      FileStore.UploadOutcome up;
      try {
        up = files.get().upload(new FileStore.Upload(f.key(), name, name, type, linked,
            new AttachmentSource.Content(UploadBatcher.rest(read, content.stream()), type, content.length())));
      } catch (ExternalSystemException e) {
        content.close();
        restored(out, f, null, e, shares);
        continue;
      }
      restored(out, f, up, null, shares);
    }
    try {
      batcher.flush();
    } catch (ExternalSystemException e) {
      // every file of the failed call has its failure line already
    }
    if (!shares.isEmpty()) {
      try {
        for (FileStore.ShareOutcome o : files.get().share(shares)) {
          o.error().ifPresent(err -> out.failures.add(o.share().file().key() + ": restored on its Note but not linked to "
              + o.share().record() + ": " + err));
        }
      } catch (ExternalSystemException e) {
        out.failures.add(shares.size() + " restored files not linked to their Matters/Intakes: " + e.getMessage());
      }
    }
    return out;
  }

  /** Counts a restored file and queues its further links, or lists why it was not restored (one line). */
  private static void restored(FileRestore out, ManifestStore.ManifestFile f, FileStore.UploadOutcome up,
      ExternalSystemException failure, List<FileStore.Share> shares) {
    if (failure != null) {
      out.failures.add(f.key() + ": not restored: upload failed: " + failure.getMessage());
      return;
    }
    if (up == null || up.stored().isEmpty()) {
      out.failures.add(f.key() + ": not restored: " + (up == null ? "upload refused" : up.error().orElse("upload refused")));
      return;
    }
    out.restored++;
    for (SalesforceId r : f.sharedWith()) {
      shares.add(new FileStore.Share(up.stored().get(), r));
    }
  }

  private static String describe(NoteRecord r) {
    return r.id() + " " + r.externalId() + " owner=" + r.owner().map(SalesforceId::value).orElse("?") + " at="
        + r.effectiveTime();
  }
}
