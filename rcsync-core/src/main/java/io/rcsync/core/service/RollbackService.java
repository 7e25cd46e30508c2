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
import io.rcsync.core.domain.TextSource;
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
 * <p>Guards: only Notes of the command's {@link TextSource} are deleted: {@code rc_msg_} (RingCentral, the default) or,
 * with {@code --source smsmagic}, {@code smsmagic_} (imported SMS-Magic history, issue 15); the store's query filters
 * on that source's prefix and every record is checked again here, so a rollback never selects the other source's
 * Notes and never anything else; nothing is deleted without {@code confirm}; the manifest of every record (and the
 * source) is written before the first delete; a selection larger than {@code maxDelete} is refused. Restore accepts a
 * manifest's records only when each is keyed by {@code rc_msg_} or {@code smsmagic_} and, when the manifest records
 * its source, by that source's prefix.
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
  private static final String FILE_KEY_PREFIX = io.rcsync.core.domain.FileKey.PREFIX;

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
    TextSource source = command.source();
    List<NoteRecord> found = store.find(new NoteStore.Query(owners, command.since(), command.until(), command.messageId())
        .withSources(Set.of(source)));
    List<NoteRecord> deletable = new ArrayList<>();
    long refused = 0;
    for (NoteRecord r : found) {
      // the store's source filter, checked again: never another source's Note, never a look-alike
      if (source.owns(r.externalId())) {
        deletable.add(r);
      } else {
        refused++;
      }
    }
    List<String> sample = deletable.stream().limit(SAMPLE_SIZE).map(RollbackService::describe).toList();
    // rcsync's files on these Notes (issue 12): counted by the dry run too
    Map<SalesforceId, List<FileStore.StoredFile>> filesByNote = filesOf(deletable);
    long fileCount = filesByNote.values().stream().mapToLong(List::size).sum();
    if (command.confirm() && deletable.size() > command.maxDelete()) {
      String why = deletable.size() + " Notes selected, more than the limit of " + command.maxDelete()
          + ": narrow the filters or pass --max-delete " + deletable.size();
      return new RollbackReport(false, started, clock.instant(), deletable.size(), refused, 0, 0, sample, List.of(),
          Optional.empty(), Optional.of(why), apiCalls.since(before), fileCount, 0, 0, List.of());
    }
    if (command.confirm() && deletable.isEmpty()) {
      return new RollbackReport(false, started, clock.instant(), 0, refused, 0, 0, sample, List.of(), Optional.empty(),
          Optional.empty(), apiCalls.since(before));
    }
    // what restore would need for each file; the dry run reads it too, to list the files restore could not re-create
    Map<String, String> noUri = new HashMap<>();
    List<ManifestStore.ManifestFile> described;
    try {
      described = describeFiles(deletable, filesByNote, command.since(), noUri, Optional.empty());
    } catch (ExternalSystemException e) {
      if (command.confirm()) {
        String why = "could not read the files' messages from RingCentral to record them in the manifest ("
            + e.getMessage() + "); nothing was deleted: re-run when RingCentral answers";
        return new RollbackReport(false, started, clock.instant(), deletable.size(), refused, 0, 0, sample, List.of(),
            Optional.empty(), Optional.of(why), apiCalls.since(before), fileCount, 0, 0, List.of());
      }
      noUri.clear();
      described = describeFiles(deletable, filesByNote, command.since(), noUri,
          Optional.of("RingCentral could not be read (" + e.getMessage() + ")"));
    }
    Plan plan = plan(deletable, filesByNote, described, noUri, command.allowUnrestorableFiles());
    if (!command.confirm()) {
      return new RollbackReport(true, started, clock.instant(), deletable.size(), refused, 0, 0, sample, List.of(),
          Optional.empty(), Optional.empty(), apiCalls.since(before), fileCount, 0, 0, plan.notRestorable, plan.keptLines);
    }
    List<String> failures = new ArrayList<>(plan.keptNoteLines);
    List<NoteRecord> toDelete = deletable.stream().filter(r -> !plan.keepNotes.contains(r.id())).toList();
    if (toDelete.isEmpty()) {
      return new RollbackReport(false, started, clock.instant(), deletable.size(), refused, 0, plan.keepNotes.size(),
          sample, failures, Optional.empty(), Optional.empty(), apiCalls.since(before), fileCount, 0, 0,
          plan.notRestorable, plan.keptLines);
    }
    String manifest = manifests.write(new ManifestStore.Manifest(toDelete, plan.manifestFiles, Optional.of(source)));
    // files first, then their Notes: see the class comment
    Set<SalesforceId> keep = new HashSet<>();
    long[] fileCounts = deleteFiles(plan.toDelete, keep, failures, manifest);
    long deleted = 0;
    long failed = plan.keepNotes.size();
    List<NoteRecord> afterFiles = new ArrayList<>();
    for (NoteRecord r : toDelete) {
      if (keep.contains(r.id())) {
        failed++;
        failures.add(r.id() + " " + r.externalId() + ": Note kept because one of its files was not deleted"
            + " (re-run the same rollback to finish)");
      } else {
        afterFiles.add(r);
      }
    }
    for (int i = 0; i < afterFiles.size(); i += store.maxBatchSize()) {
      List<NoteRecord> batch = afterFiles.subList(i, Math.min(afterFiles.size(), i + store.maxBatchSize()));
      for (NoteRecord r : batch) {
        if (!source.owns(r.externalId())) {
          throw new IllegalStateException("refusing to delete " + r.id() + ": its external id '" + r.externalId()
              + "' is not a " + source.cliName() + " Note key (" + source.prefix() + "…); rcsync deletes only Notes"
              + " keyed " + TextSource.allPrefixes() + ", one source per rollback");
        }
      }
      List<DeleteOutcome> outcomes;
      try {
        outcomes = store.delete(batch.stream().map(NoteRecord::id).toList());
      } catch (ExternalSystemException e) {
        long notTried = afterFiles.size() - i;
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
        fileCounts[1], plan.notRestorable, plan.keptLines);
  }

  /** What a rollback does with each file and Note; built the same way for the dry run and for --confirm. */
  private static final class Plan {
    /** Notes kept because a file of theirs could not be restored (without --allow-unrestorable-files). */
    final Set<SalesforceId> keepNotes = new HashSet<>();
    /** One failure line per kept Note: which file, why, and the fix. */
    final List<String> keptNoteLines = new ArrayList<>();
    /** One line per file restore could not re-create. */
    final List<String> notRestorable = new ArrayList<>();
    /** One line per file left in place because an rcsync Note that stays is linked to it. */
    final List<String> keptLines = new ArrayList<>();
    /** The manifest's files: those deleted and those kept but linked to deleted Notes. */
    final List<ManifestStore.ManifestFile> manifestFiles = new ArrayList<>();
    /** The files to delete, under the Notes they keep when their delete fails. */
    final Map<FileStore.StoredFile, List<SalesforceId>> toDelete = new LinkedHashMap<>();
  }

  /**
   * Decides per file: deleted (recorded in the manifest), kept because it stays linked to an rcsync Note outside the
   * selection (review #13: deleting its ContentDocument would take it from that Note too; deleting a record removes
   * only that record's ContentDocumentLink and the file stays with its other links,
   * https://sproketlogic.com/dealing-with-files-orphaned-files/), or — when restore could not re-create it (no
   * content URI) and {@code allowUnrestorable} is false — kept together with every selected Note linked to it.
   *
   * <p>A linked record counts as an rcsync Note outside the selection when its id has the key prefix (first three
   * characters) of the selected Notes' object and is not selected: files are linked only to Notes and their
   * Matters/Intakes, and rcsync links its files to its own Notes only.
   */
  private Plan plan(List<NoteRecord> deletable, Map<SalesforceId, List<FileStore.StoredFile>> filesByNote,
      List<ManifestStore.ManifestFile> described, Map<String, String> noUri, boolean allowUnrestorable) {
    Plan plan = new Plan();
    Map<String, NoteRecord> selected = new HashMap<>();
    Set<String> notePrefixes = new HashSet<>();
    deletable.forEach(r -> {
      selected.put(r.id().shortForm(), r);
      notePrefixes.add(r.id().shortForm().substring(0, 3));
    });
    Map<String, ManifestStore.ManifestFile> byKey = new HashMap<>();
    described.forEach(f -> byKey.put(f.key(), f));
    List<FileStore.StoredFile> all = filesByNote.values().stream().flatMap(List::stream).toList();
    for (FileStore.StoredFile f : all) {
      ManifestStore.ManifestFile m = byKey.get(f.key());
      if (m.uri().isPresent()) {
        continue;
      }
      String why = noUri.getOrDefault(f.key(), "no RingCentral content URI");
      plan.notRestorable.add(f.key() + " on " + m.noteExternalId() + ": " + why + (allowUnrestorable
          ? "; deleted anyway (--allow-unrestorable-files): restore cannot re-create it"
          : "; kept with its Note (restore could not re-create it; pass --allow-unrestorable-files to delete it)"));
      if (!allowUnrestorable) {
        for (NoteRecord r : linkedSelected(f, selected)) {
          if (plan.keepNotes.add(r.id())) {
            plan.keptNoteLines.add(r.id() + " " + r.externalId() + ": Note and its MMS files kept: restore could not"
                + " re-create file " + f.key() + " (" + why + "); give rcsync RingCentral credentials (or fix the"
                + " roster's extensionId) and re-run, or pass --allow-unrestorable-files to delete them anyway");
          }
        }
      }
    }
    for (FileStore.StoredFile f : all) {
      List<NoteRecord> linked = linkedSelected(f, selected);
      List<NoteRecord> going = linked.stream().filter(r -> !plan.keepNotes.contains(r.id())).toList();
      if (going.isEmpty()) {
        continue;
      }
      List<String> staying = new ArrayList<>();
      for (SalesforceId id : f.linkedTo()) {
        NoteRecord r = selected.get(id.shortForm());
        if (r != null ? plan.keepNotes.contains(r.id()) : notePrefixes.contains(id.shortForm().substring(0, 3))) {
          staying.add(r != null ? r.externalId() : id.value());
        }
      }
      ManifestStore.ManifestFile m = byKey.get(f.key());
      String preferred = MessageId.of(keyParts(f.key())[0]).externalId();
      NoteRecord home = going.stream().filter(r -> r.externalId().equals(preferred)).findFirst().orElse(going.get(0));
      List<String> others = going.stream().filter(r -> r != home).map(NoteRecord::externalId).toList();
      plan.manifestFiles.add(new ManifestStore.ManifestFile(m.key(), home.externalId(), m.extensionId(), m.messageId(),
          m.attachmentId(), m.uri(), m.fileName(), m.contentType(), m.sizeBytes(), m.sharedWith(), others,
          !staying.isEmpty()));
      if (staying.isEmpty()) {
        plan.toDelete.put(f, going.stream().map(NoteRecord::id).toList());
      } else {
        plan.keptLines.add(f.key() + " on " + home.externalId() + ": file kept: shared with a Note that stays ("
            + String.join(", ", staying) + "); only the deleted Notes' links go with them, and restore links it again");
      }
    }
    return plan;
  }

  /** The selected Notes a file is linked to, in link order. */
  private static List<NoteRecord> linkedSelected(FileStore.StoredFile f, Map<String, NoteRecord> selected) {
    List<NoteRecord> out = new ArrayList<>();
    for (SalesforceId id : f.linkedTo()) {
      NoteRecord r = selected.get(id.shortForm());
      if (r != null && !out.contains(r)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * rcsync's files ({@code rc_att_} keys) linked to these Notes, by Note: {@link FileStore#findByNotes} per
   * {@link NoteStore#maxBatchSize()} Notes. A file linked to several selected Notes (a group text) is listed once,
   * under its text's {@code rc_msg_{id}} Note when that is selected, else under the first linked.
   */
  private Map<SalesforceId, List<FileStore.StoredFile>> filesOf(List<NoteRecord> notes) {
    Map<SalesforceId, List<FileStore.StoredFile>> out = new LinkedHashMap<>();
    // rcsync's files are RingCentral MMS media on rc_msg_ Notes; an SMS-Magic history Note (issue 15) has none
    // (its MMS content is only a URL, out of scope), so a rollback of those looks none up: no call
    if (files.isEmpty() || notes.isEmpty() || notes.stream().noneMatch(n -> TextSource.RINGCENTRAL.owns(n.externalId()))) {
      return out;
    }
    Map<String, NoteRecord> selected = new HashMap<>();
    notes.forEach(r -> selected.put(r.id().shortForm(), r));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < notes.size(); i += store.maxBatchSize()) {
      List<NoteRecord> batch = notes.subList(i, Math.min(notes.size(), i + store.maxBatchSize()));
      for (FileStore.StoredFile f : files.get().findByNotes(batch.stream().map(NoteRecord::id).toList())) {
        if (!f.key().startsWith(FILE_KEY_PREFIX) || !seen.add(f.contentDocumentId().shortForm())) {
          continue;
        }
        List<NoteRecord> linked = linkedSelected(f, selected);
        String preferred = MessageId.of(keyParts(f.key())[0]).externalId();
        linked.stream().filter(r -> r.externalId().equals(preferred)).findFirst()
            .or(() -> linked.stream().findFirst())
            .ifPresent(note -> out.computeIfAbsent(note.id(), n -> new ArrayList<>()).add(f));
      }
    }
    return out;
  }

  /**
   * What restore needs to re-create each file: its key's message and attachment ids, and from RingCentral the
   * attachment's content URI, file name and content type. The messages are read with {@link MessageSource#fetch},
   * one list per extension of the Notes' owners (roster), over the window of those Notes' message times (exact when
   * the Note has its message time; else from {@code --since}, or {@value #UNTIMED_LOOKBACK_DAYS} days before the
   * Note's CreatedDate, to that CreatedDate: a text is always older than its Note).
   *
   * <p><b>Why the URI is read, not built.</b> The content URI follows a pattern (extension, message and attachment
   * ids on the media host), but RingCentral says "Content URLs should be fetched [from] a response payload directly
   * as they are subject to change" (https://developers.ringcentral.com/guide/basics/media), and reading the message
   * also proves it still exists (a purged message cannot be restored) and gives the file name. The cost of a miss is
   * bounded: a file whose message is not found is recorded without a URI, and rollback keeps it with its Note (unless
   * --allow-unrestorable-files), so nothing unrestorable is deleted by accident.
   *
   * @param noUri filled with why each file has no URI (one phrase)
   * @param skipRingCentral when present, RingCentral is not read and this is the reason every file lacks a URI
   */
  private List<ManifestStore.ManifestFile> describeFiles(List<NoteRecord> notes,
      Map<SalesforceId, List<FileStore.StoredFile>> filesByNote, Optional<Instant> since, Map<String, String> noUri,
      Optional<String> skipRingCentral) {
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
    if (messages.isPresent() && skipRingCentral.isEmpty()) {
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
        Optional<String> uri = a.map(Attachment::uri).filter(u -> !u.isBlank());
        if (uri.isEmpty()) {
          noUri.put(f.key(), skipRingCentral.orElseGet(() -> messages.isEmpty()
              ? "RingCentral is not available to this run (no credentials), so the file's content URI cannot be"
                  + " recorded"
              : extensionsOf(r).isEmpty()
                  ? "the Note's owner has no extensionId in the roster, so message " + parts[0] + " cannot be looked up"
                  : m == null
                      ? "message " + parts[0] + " not found at RingCentral (deleted or purged"
                          + (r.messageTime().isEmpty() ? ", or older than the window searched: pass --since" : "") + ")"
                      : "attachment " + parts[1] + " not listed on message " + parts[0] + " at RingCentral"));
        }
        List<SalesforceId> shared = f.linkedTo().stream()
            .filter(id -> notes.stream().noneMatch(n -> n.id().sameRecord(id))).toList();
        out.add(new ManifestStore.ManifestFile(f.key(), r.externalId(),
            m == null ? extensionsOf(r).stream().findFirst().map(ExtensionId::value) : Optional.of(m.extension().value()),
            parts[0], parts[1], uri,
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
    return io.rcsync.core.domain.FileKey.parse(key).map(k -> new String[] {k.message().value(), k.attachmentId()})
        .orElse(new String[] {key.substring(FILE_KEY_PREFIX.length()), ""});
  }

  /**
   * Deletes the files, {@value #FILES_PER_DELETE} a call; the Notes of a file not deleted go into {@code keep}.
   *
   * @param toDelete each file with the selected Notes linked to it
   * @return {@code [deleted, failed]}
   */
  private long[] deleteFiles(Map<FileStore.StoredFile, List<SalesforceId>> toDelete, Set<SalesforceId> keep,
      List<String> failures, String manifest) {
    long deleted = 0;
    long failed = 0;
    Map<String, List<SalesforceId>> notesOf = new LinkedHashMap<>();
    Map<String, String> keyOf = new HashMap<>();
    toDelete.forEach((f, notes) -> {
      notesOf.put(f.contentDocumentId().shortForm(), notes);
      keyOf.put(f.contentDocumentId().shortForm(), f.key());
    });
    List<SalesforceId> docs = toDelete.keySet().stream().map(FileStore.StoredFile::contentDocumentId).toList();
    for (int i = 0; i < docs.size(); i += FILES_PER_DELETE) {
      List<SalesforceId> batch = docs.subList(i, Math.min(docs.size(), i + FILES_PER_DELETE));
      List<DeleteOutcome> outcomes;
      try {
        outcomes = files.orElseThrow().delete(batch);
      } catch (ExternalSystemException e) {
        List<SalesforceId> rest = docs.subList(i, docs.size());
        failed += rest.size();
        rest.forEach(d -> keep.addAll(notesOf.getOrDefault(d.shortForm(), List.of())));
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
          keep.addAll(notesOf.getOrDefault(o.id().shortForm(), List.of()));
          failures.add("file " + o.id() + " (" + keyOf.get(o.id().shortForm()) + "): " + o.errorCode() + " " + o.message());
        }
      }
      for (SalesforceId d : batch) {
        if (!answered.contains(d.shortForm())) {
          failed++;
          keep.addAll(notesOf.getOrDefault(d.shortForm(), List.of()));
          failures.add("file " + d + " (" + keyOf.get(d.shortForm()) + "): no result returned for this file");
        }
      }
    }
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
            + " whose external id '" + r.externalId() + "' is not an rcsync Note key (" + TextSource.allPrefixes()
            + "): refusing to restore it");
      }
      if (manifest.source().isPresent() && !manifest.source().get().owns(r.externalId())) {
        TextSource s = manifest.source().get();
        throw new IllegalArgumentException("manifest " + manifestLocation + " is of " + s.cliName() + " Notes ("
            + s.prefix() + "…) but holds record " + r.id() + " keyed '" + r.externalId()
            + "': it was edited; refusing to restore it");
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
      // the dry run reads nothing: a file is restorable when it is kept in Salesforce or the manifest has its URI
      List<String> unrestorable = manifest.files().stream().filter(f -> !f.kept() && f.uri().isEmpty())
          .map(f -> f.key() + ": not restorable: the manifest has no RingCentral content URI for message "
              + f.messageId() + " (it could not be read when the rollback ran)").toList();
      return new RestoreReport(true, manifestLocation, started, clock.instant(), records.size(), 0, 0, 0, List.of(),
          apiCalls.since(before), fileCount, 0, 0, unrestorable.size(), unrestorable);
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
    List<String> fileFailures = fr.failureLines();
    return new RestoreReport(false, manifestLocation, started, clock.instant(), records.size(), created, updated, failed,
        failures, apiCalls.since(before), fileCount, fr.count(FileRestore.PRESENT), fr.count(FileRestore.RESTORED),
        fileFailures.size(), fileFailures);
  }

  /** One outcome per manifest file (review #14): present, restored or failed; a later failure replaces a success. */
  private static final class FileRestore {
    static final String PRESENT = "present";
    static final String RESTORED = "restored";
    private final Map<String, String> outcome = new LinkedHashMap<>();
    private final Map<String, String> failure = new LinkedHashMap<>();

    void set(String key, String what) {
      if (!failure.containsKey(key)) {
        outcome.put(key, what);
      }
    }

    /** Records why the file failed (one line, starting with its key); the first reason wins. */
    void fail(String key, String line) {
      outcome.remove(key);
      failure.putIfAbsent(key, line);
    }

    long count(String what) {
      return outcome.values().stream().filter(what::equals).count();
    }

    List<String> failureLines() {
      return List.copyOf(failure.values());
    }
  }

  /** The files stored under these keys; every restore lookup goes through here (one call per 200 keys). */
  private Map<String, FileStore.StoredFile> present(List<ManifestStore.ManifestFile> wanted,
      Map<String, SalesforceId> restoredIds) {
    Map<String, FileStore.StoredFile> out = new HashMap<>();
    for (int i = 0; i < wanted.size(); i += FILES_PER_DELETE) {
      List<ManifestStore.ManifestFile> batch = wanted.subList(i, Math.min(wanted.size(), i + FILES_PER_DELETE));
      // through the records each file is (or was) linked to (indexed): its restored Notes, a group text's other Notes
      // included, and the records that outlived the rollback (a kept file is still linked to the Note that stayed)
      List<SalesforceId> notes = java.util.stream.Stream.concat(batch.stream()
          .flatMap(f -> java.util.stream.Stream.concat(java.util.stream.Stream.of(f.noteExternalId()),
              f.linkedNotes().stream()))
          .map(restoredIds::get).filter(java.util.Objects::nonNull),
          batch.stream().flatMap(f -> f.sharedWith().stream())).distinct().toList();
      out.putAll(files.orElseThrow().findByKeys(batch.stream().map(ManifestStore.ManifestFile::key).toList(), notes));
    }
    return out;
  }

  /**
   * Re-creates the manifest's files that are not in Salesforce under their key: downloads each again
   * ({@link AttachmentSource#open}), uploads it published to its restored Note (small files batched by an
   * {@link UploadBatcher} into {@link FileStore#uploadAll}, large ones alone by {@link FileStore#upload}), then links
   * every file — re-created or still present (a file rollback kept, review #13) — in one {@link FileStore#share}: to
   * the restored Notes of a group text (their new ids, through {@code restoredIds}) and to its Matters/Intakes. Every
   * download stream is closed whatever happens; an unexpected exception fails that file only (review #10). One outcome
   * per file (review #14): {@code files = present + restored + failed}; failures one line each, starting with the key.
   */
  private FileRestore restoreFiles(List<ManifestStore.ManifestFile> wanted, Map<String, SalesforceId> restoredIds) {
    FileRestore out = new FileRestore();
    if (wanted.isEmpty()) {
      return out;
    }
    if (files.isEmpty()) {
      wanted.forEach(f -> out.fail(f.key(), f.key() + ": not restored: no file store configured"));
      return out;
    }
    Map<String, FileStore.StoredFile> present;
    try {
      present = present(wanted, restoredIds);
    } catch (ExternalSystemException e) {
      wanted.forEach(f -> out.fail(f.key(), f.key() + ": not restored: looking up the files failed: " + e.getMessage()
          + " (re-run the restore: files already present are not uploaded twice)"));
      return out;
    }
    List<FileStore.Share> shares = new ArrayList<>();
    Map<FileStore.Share, String> shareOwner = new HashMap<>();
    UploadBatcher batcher = new UploadBatcher(files.get());
    for (ManifestStore.ManifestFile f : wanted) {
      try {
        restoreOne(f, present, restoredIds, batcher, shares, shareOwner, out);
      } catch (ExternalSystemException e) {
        // a batched call failed: the files of that call have their lines (the Done callback); this one too
        out.fail(f.key(), f.key() + ": not restored: upload failed: " + e.getMessage());
      } catch (RuntimeException e) {
        out.fail(f.key(), f.key() + ": not restored: " + oneLine(e)
            + " (re-run the restore: files already present are not uploaded twice)");
      }
    }
    try {
      batcher.flush();
    } catch (ExternalSystemException e) {
      // every file of the failed call has its failure line already
    }
    List<FileStore.Share> live = shares.stream().filter(sh -> !out.failure.containsKey(shareOwner.get(sh))).toList();
    if (!live.isEmpty()) {
      try {
        for (FileStore.ShareOutcome o : files.get().share(live)) {
          if (o.error().isPresent()) {
            String key = o.share().file().key();
            out.fail(key, key + ": " + (whatItIs(out, key)) + " but not linked to " + o.share().record()
                + ": " + o.error().get() + " (re-run the restore to link it)");
          }
        }
      } catch (ExternalSystemException e) {
        for (FileStore.Share sh : live) {
          String key = sh.file().key();
          out.fail(key, key + ": " + whatItIs(out, key) + " but not linked to " + sh.record() + ": "
              + e.getMessage() + " (re-run the restore to link it)");
        }
      }
    }
    return out;
  }

  private static String whatItIs(FileRestore out, String key) {
    return FileRestore.PRESENT.equals(out.outcome.get(key)) ? "present in Salesforce" : "restored on its Note";
  }

  /** One file: links it when present, else downloads and uploads it (batched when small); closes the download. */
  private void restoreOne(ManifestStore.ManifestFile f, Map<String, FileStore.StoredFile> present,
      Map<String, SalesforceId> restoredIds, UploadBatcher batcher, List<FileStore.Share> shares,
      Map<FileStore.Share, String> shareOwner, FileRestore out) {
    SalesforceId note = restoredIds.get(f.noteExternalId());
    // further links: the group text's other restored Notes (new ids), then the Matters/Intakes (ids unchanged); a
    // linked Note that was not restored has its own failure line
    List<SalesforceId> further = new ArrayList<>();
    f.linkedNotes().stream().map(restoredIds::get).filter(java.util.Objects::nonNull).forEach(further::add);
    further.addAll(f.sharedWith());
    FileStore.StoredFile stored = present.get(f.key());
    if (stored != null) {
      out.set(f.key(), FileRestore.PRESENT);
      List<SalesforceId> links = new ArrayList<>();
      if (note != null) {
        links.add(note);
      }
      links.addAll(further);
      queueShares(f, stored, links, shares, shareOwner);
      return;
    }
    if (note == null) {
      out.fail(f.key(), f.key() + ": not restored: its Note " + f.noteExternalId() + " was not restored");
      return;
    }
    if (f.uri().isEmpty() || f.extensionId().isEmpty()) {
      out.fail(f.key(), f.key() + ": not restored: the manifest has no RingCentral content URI for message "
          + f.messageId() + " (it could not be read when the rollback ran)");
      return;
    }
    if (attachments.isEmpty()) {
      out.fail(f.key(), f.key() + ": not restored: RingCentral is not available to this run (no credentials): give"
          + " rcsync its RingCentral credentials and re-run the restore");
      return;
    }
    Attachment a = new Attachment(f.attachmentId(), f.uri().get(), Attachment.MMS_ATTACHMENT,
        f.contentType().isEmpty() ? null : f.contentType(), f.sizeBytes(), f.fileName().isEmpty() ? null : f.fileName());
    AttachmentSource.Content content;
    try {
      content = attachments.get().open(ExtensionId.of(f.extensionId().get()), MessageId.of(f.messageId()), a);
    } catch (ExternalSystemException e) {
      out.fail(f.key(), f.key() + ": not restored: " + e.getMessage());
      return;
    }
    List<SalesforceId> linked = List.of(note);
    String name = f.fileName().isEmpty() ? f.key() : f.fileName();
    String type = f.contentType().isEmpty() ? content.contentType() : f.contentType();
    UploadBatcher.Done done = (up, failure) -> {
      if (failure != null) {
        out.fail(f.key(), f.key() + ": not restored: upload failed: " + failure.getMessage());
      } else if (up == null || up.stored().isEmpty()) {
        out.fail(f.key(), f.key() + ": not restored: "
            + (up == null ? "upload refused" : up.error().orElse("upload refused")));
      } else {
        out.set(f.key(), FileRestore.RESTORED);
        queueShares(f, up.stored().get(), further, shares, shareOwner);
      }
    };
    try {
      UploadBatcher.Read read;
      try {
        read = UploadBatcher.read(content.stream(), content.length());
      } catch (java.io.IOException e) {
        out.fail(f.key(), f.key() + ": not restored: download failed: " + oneLine(e));
        return;
      }
      if (read.complete()) {
        // small: sent with others in one uploadAll
        batcher.add(new FileStore.Upload(f.key(), name, name, type, linked, UploadBatcher.inMemory(read.head(), type)),
            read.head().length, done);
        return;
      }
      FileStore.UploadOutcome up;
      try {
        up = files.get().upload(new FileStore.Upload(f.key(), name, name, type, linked,
            new AttachmentSource.Content(UploadBatcher.rest(read, content.stream()), type, content.length())));
      } catch (ExternalSystemException e) {
        done.done(null, e);
        return;
      }
      done.done(up, null);
    } finally {
      closeQuietly(content);
    }
  }

  /** Queues the links a file still lacks (a link it already has costs no call). */
  private static void queueShares(ManifestStore.ManifestFile f, FileStore.StoredFile stored, List<SalesforceId> links,
      List<FileStore.Share> shares, Map<FileStore.Share, String> shareOwner) {
    for (SalesforceId r : links) {
      if (stored.linkedTo().stream().noneMatch(r::sameRecord)) {
        FileStore.Share sh = new FileStore.Share(stored, r);
        shares.add(sh);
        shareOwner.put(sh, f.key());
      }
    }
  }

  /** Closes a download; a failing close is not the file's failure (its bytes were read or the failure is listed). */
  private static void closeQuietly(AttachmentSource.Content content) {
    try {
      content.close();
    } catch (RuntimeException ignored) {
      // the stream is abandoned either way
    }
  }

  private static String oneLine(Exception e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String describe(NoteRecord r) {
    return r.id() + " " + r.externalId() + " owner=" + r.owner().map(SalesforceId::value).orElse("?") + " at="
        + r.effectiveTime();
  }
}
