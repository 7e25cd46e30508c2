package io.rcsync.core.service;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.Attachment;
import io.rcsync.core.domain.AttachmentPolicy;
import io.rcsync.core.domain.FileKey;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.Wave;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.in.SyncCommand;
import io.rcsync.core.port.in.SyncMode;
import io.rcsync.core.port.in.VerifyNotesUseCase;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExtensionDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.FileStore;
import io.rcsync.core.port.out.MessageSource;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.MissingFile;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.report.VerifyReport;
import io.rcsync.core.service.sync.CaseMatcher;
import io.rcsync.core.service.sync.MessageFetch;
import io.rcsync.core.service.sync.NoteBatches;
import io.rcsync.core.service.sync.RunLedger;
import io.rcsync.core.service.sync.SyncTargets;
import io.rcsync.core.service.sync.TextClassifier;
import io.rcsync.core.service.sync.TextPipeline;
import io.rcsync.core.service.sync.WatermarkPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verification: reads the wave's texts through the sync's own steps (targets, window, fetch, classify, match) to
 * learn which texts should have a Note, without writing, then reads the wave's Notes and compares external ids.
 *
 * <p>A text counts as having its Note when a Note with its external id exists, whoever owns it: OwnerId is a
 * staff-owned field (issue 10; {@link io.rcsync.core.domain.NoteFieldOwnership}) that a paralegal may reassign to
 * someone outside the wave, and a backfill then (rightly) finds the Note by external id and does not recreate it. So
 * the expected ids the wave's owner-scoped {@link NoteStore} query did not return are looked up by external id with
 * {@link NoteSink#findExisting}, in batches of {@link NoteSink#maxLookupSize()} as the sync does; each lookup is a
 * Salesforce call and shows in the report's API calls. The owner-scoped query still decides the orphans (Notes of the
 * wave's owners whose message is gone).
 *
 * <p>Orphans (Notes whose message is gone) are only checked when the Note has a message-time field: without it
 * a Note's only date is when it was written, which cannot place it in a message window.
 */
public final class VerifyService implements VerifyNotesUseCase {
  /** Keys per {@link FileStore#findByKeys} call (the store splits further when its query needs it). */
  public static final int FILE_KEYS_PER_CALL = 200;

  private final SyncSettings settings;
  private final MessageSource source;
  private final SyncTargets targets;
  private final CaseDirectory cases;
  private final int noteBatchSize;
  private final NoteSink sink;
  private final NoteStore notes;
  private final Clock clock;
  private final ApiCalls apiCalls;
  private final Optional<FileStore> files;

  /** Without a file store: MMS files are not checked and the report says so. */
  public VerifyService(SyncSettings settings, MessageSource source, Optional<ExtensionDirectory> extensionDirectory,
      CaseDirectory cases, NoteSink sink, NoteStore notes, Clock clock, ApiCalls apiCalls) {
    this(settings, source, extensionDirectory, cases, sink, notes, clock, apiCalls, Optional.empty());
  }

  /**
   * @param sink the sync's Note sink: its {@link NoteSink#maxBatchSize()} is the batch in which Notes that would be
   *     written count as expected (as in a sync dry run, so a check that stops early fails the same texts as not
   *     processed), and its {@link NoteSink#findExisting} finds expected Notes whatever their owner; it is never
   *     written to
   * @param notes the wave's Notes by owner and window: the orphan check, and the Notes found without a lookup
   * @param files Salesforce Files (issue 12): each found Note's MMS media is looked up by key
   *     ({@code rc_att_{messageId}_{attachmentId}}), {@link #FILE_KEYS_PER_CALL} keys a call; empty: not checked
   */
  public VerifyService(SyncSettings settings, MessageSource source, Optional<ExtensionDirectory> extensionDirectory,
      CaseDirectory cases, NoteSink sink, NoteStore notes, Clock clock, ApiCalls apiCalls, Optional<FileStore> files) {
    this.files = Objects.requireNonNull(files);
    this.settings = Objects.requireNonNull(settings);
    this.source = Objects.requireNonNull(source);
    this.targets = new SyncTargets(Objects.requireNonNull(extensionDirectory));
    this.cases = Objects.requireNonNull(cases);
    this.sink = Objects.requireNonNull(sink);
    this.noteBatchSize = sink.maxBatchSize();
    this.notes = Objects.requireNonNull(notes);
    this.clock = Objects.requireNonNull(clock);
    this.apiCalls = Objects.requireNonNull(apiCalls);
  }

  @Override
  public VerifyReport verify(VerifyCommand command) {
    Instant started = clock.instant();
    Map<String, Long> before = apiCalls.snapshot();
    // the window a backfill dry run would read, validated the same way
    SyncCommand window = new SyncCommand(SyncMode.BACKFILL, command.wave(), command.extension(),
        Optional.of(command.since()), command.until(), true, ProgressListener.NONE);
    Wave wave = settings.roster().wave(command.wave());
    RunLedger ledger = new RunLedger(true, clock, apiCalls);
    cases.startRun();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    SyncTargets.Resolution resolved = targets.resolve(wave, command.extension());
    ledger.start(resolved);
    // the owners of the extensions the check reads (not every wave member: a member whose extension was skipped, or
    // known only by number under --ext, would otherwise have all their Notes counted as orphans or none found)
    Set<SalesforceId> owners = new HashSet<>();
    resolved.targets().forEach(t -> t.owner().ifPresent(owners::add));
    TextClassifier classifier = new TextClassifier(settings.intakerFilter());
    ExpectedNotes expected = new ExpectedNotes(noteBatchSize, ledger);
    TextPipeline pipeline = new TextPipeline(ledger, classifier, new CaseMatcher(cases, settings.schema()),
        settings.topics(), settings.chunkSize(), expected);
    WatermarkPolicy windows = new WatermarkPolicy(settings.lookback());
    new MessageFetch(source, ledger, pipeline, ProgressListener.NONE)
        .readAll(resolved.targets(), t -> windows.backfill(t, window.since().orElseThrow(), window.until(), now));
    pipeline.finish();
    ledger.finish();
    RunReport run = ledger.report("verify", "backfill", command.wave());
    Instant until = command.until().orElse(run.startedAt());
    LitifySchema schema = settings.schema();
    boolean timed = schema.messageTimeField().isPresent();
    // Without a message-time field, CreatedDate >= since still holds for every Note of a message in the window.
    List<NoteRecord> found = owners.isEmpty() ? List.of()
        : notes.find(new NoteStore.Query(owners, Optional.of(command.since()), timed ? Optional.of(until) : Optional.empty(),
            Optional.empty()));
    // external id -> Salesforce id of every Note found (the file check needs the ids its files must be linked to)
    Map<String, SalesforceId> noteIds = new LinkedHashMap<>();
    // external id -> the Matter/Intake each found Note points to now (staff may have moved it): its files must be there
    Map<String, SalesforceId> currentCase = new HashMap<>();
    for (NoteRecord r : found) {
      noteIds.put(r.externalId(), r.id());
      caseField(r, schema.noteMatterField()).or(() -> caseField(r, schema.noteIntakeField()))
          .ifPresent(c -> currentCase.put(r.externalId(), c));
    }
    // expected Notes the owner-scoped query did not return may exist under another owner (reassigned by staff)
    List<String> unseen = expected.drafts.keySet().stream().filter(id -> !noteIds.containsKey(id)).toList();
    Map<String, SalesforceId> foundElsewhere = lookUp(unseen, currentCase);
    noteIds.putAll(foundElsewhere);
    List<MessageIssue> missing = new ArrayList<>();
    for (NoteDraft d : expected.drafts.values()) {
      if (!noteIds.containsKey(d.externalId())) {
        missing.add(new MessageIssue(d.messageId().value(), d.extension().value(), d.counterparty().digits(),
            "should have a Note on " + d.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + d.caseId() + " and has none"));
      }
    }
    List<String> orphaned = new ArrayList<>();
    Optional<String> orphanCheck = Optional.empty();
    if (!run.extensions().stream().allMatch(e -> e.error().isEmpty()) || run.aborted().isPresent()) {
      orphanCheck = Optional.of("skipped: not every extension could be read completely");
    } else if (!timed) {
      orphanCheck = Optional.of("skipped: set salesforce.note.messageTimeField to place Notes in a message window");
    } else {
      // a group text's further Notes (rc_msg_{id}_{caseId}) belong to the same message as rc_msg_{id}
      io.rcsync.core.service.sync.SeenIds fetchedIds = classifier.seen();
      for (NoteRecord r : found) {
        if (MessageId.fromExternalId(r.externalId()).filter(fetchedIds::contains).isEmpty()) {
          orphaned.add(r.externalId());
        }
      }
    }
    // what the check itself could not establish: an extension it could not read completely, a text it could not
    // classify (lookup failed, malformed record, no owner to write it with); without these the window is not proven
    List<String> problems = new ArrayList<>();
    run.aborted().ifPresent(a -> problems.add("the check stopped early: " + a));
    run.extensions().forEach(e -> e.error().ifPresent(err -> problems.add(e.extension() + " (" + e.staffName() + "): " + err)));
    FileCheck fileCheck = checkFiles(expected, noteIds, currentCase, problems);
    return new VerifyReport(command.wave(), command.since(), until, started, clock.instant(), run.totals().fetched(),
        expected.drafts.size(), found.size() + foundElsewhere.size(), missing, orphaned, orphanCheck, apiCalls.since(before),
        run.failures(), problems, fileCheck.checked, fileCheck.missing, fileCheck.refused, fileCheck.why,
        run.totals().groupTexts(), run.totals().extraGroupNotes(),
        schema.messageTimeField().orElse(VerifyReport.CREATED_DATE));
  }

  private static final class FileCheck {
    long checked;
    long refused;
    final List<MissingFile> missing = new ArrayList<>();
    Optional<String> why = Optional.empty();
  }

  /** One media file verify expects: the attachment as listed and every found Note of its text (main Note first). */
  private static final class WantedFile {
    final MessageId message;
    final Attachment attachment;
    final AttachmentPolicy.Decision decision;
    final List<NoteDraft> notes = new ArrayList<>();
    final List<SalesforceId> noteIds = new ArrayList<>();
    final List<SalesforceId> cases = new ArrayList<>();

    WantedFile(MessageId message, Attachment attachment, AttachmentPolicy.Decision decision) {
      this.message = message;
      this.attachment = attachment;
      this.decision = decision;
    }

    MissingFile row(NoteDraft on, String reason) {
      return new MissingFile(message.value(), on.externalId(), attachment.id(), attachment.name().orElse(""), reason);
    }
  }

  /**
   * Issue 12: each found Note's MMS media must have its Salesforce File, linked to the Note and to its Matter/Intake.
   *
   * <p>Which files: the policy's one decision on the listed metadata ({@link AttachmentPolicy#decide(Attachment)}, the
   * decision the sync's {@code FileCopier} applies before downloading): media it refuses (disabled, listed type not
   * allowed, listed size over the limit) are counted apart, never "missing". A file allowed only provisionally (no
   * listed size or type, so the sync decided by the served {@code Content-Length}/{@code Content-Type}) cannot be
   * judged without downloading it, which verify never does: when it has no file it is reported missing with a reason
   * pointing at the last sync's {@code -attachments.csv}, where an "over limit" or "type refused" outcome explains it.
   *
   * <p>What is checked: one key per attachment of a message (a group text's Notes share the message's files); a file
   * absent is one missing-file row on the Note keyed {@code rc_msg_{id}} (else the first found Note); a file present
   * but not linked to a found Note of its text, or to that Note's Matter/Intake, is one row per such Note, reason
   * "not linked to ...". Keys are looked up in batches of {@link #FILE_KEYS_PER_CALL}; a failing lookup ends the file
   * check with a problem (the verdict is then incomplete).
   */
  private FileCheck checkFiles(ExpectedNotes expected, Map<String, SalesforceId> noteIds,
      Map<String, SalesforceId> currentCase, List<String> problems) {
    FileCheck out = new FileCheck();
    if (files.isEmpty()) {
      out.why = Optional.of(VerifyReport.FILES_NOT_CHECKED);
      return out;
    }
    AttachmentPolicy policy = settings.attachments();
    Map<String, WantedFile> wanted = new LinkedHashMap<>();
    Set<MessageId> refusedDone = new HashSet<>();
    List<NoteBatches.Pending> ordered = new ArrayList<>(expected.pending.values());
    // the Note keyed rc_msg_{id} first, so a group text is reported on its main Note
    ordered.sort(java.util.Comparator.comparing(p -> p.draft().furtherOfGroup()));
    for (NoteBatches.Pending p : ordered) {
      NoteDraft d = p.draft();
      SalesforceId noteId = noteIds.get(d.externalId());
      if (noteId == null) {
        continue;
      }
      boolean firstNoteOfText = refusedDone.add(d.messageId());
      for (Attachment a : p.message().attachments()) {
        if (!a.isMedia()) {
          continue;
        }
        AttachmentPolicy.Decision decision = policy.decide(a);
        if (!decision.allowed()) {
          if (firstNoteOfText) {
            out.refused++;
          }
          continue;
        }
        WantedFile w = wanted.computeIfAbsent(FileKey.format(d.messageId(), a.id()),
            k -> new WantedFile(d.messageId(), a, decision));
        w.notes.add(d);
        w.noteIds.add(noteId);
        // where the Note points now (a staff correction wins), else where the sync would put it
        w.cases.add(currentCase.getOrDefault(d.externalId(), d.caseId()));
      }
    }
    List<String> keys = new ArrayList<>(wanted.keySet());
    for (int i = 0; i < keys.size(); i += FILE_KEYS_PER_CALL) {
      List<String> batch = keys.subList(i, Math.min(keys.size(), i + FILE_KEYS_PER_CALL));
      Map<String, FileStore.StoredFile> stored;
      try {
        // through the records the files should be linked to (indexed): every found Note of each text and its
        // Matter/Intake, so a file that lost its Note's link is still found and reported "not linked"
        stored = files.get().findByKeys(batch, batch.stream().flatMap(k -> java.util.stream.Stream.concat(
            wanted.get(k).noteIds.stream(), wanted.get(k).cases.stream())).distinct().toList());
      } catch (ExternalSystemException e) {
        String why = "the file check stopped after " + out.checked + " of " + keys.size() + " files: " + e.getMessage();
        problems.add(why);
        out.why = Optional.of(why);
        return out;
      }
      for (String key : batch) {
        out.checked++;
        WantedFile w = wanted.get(key);
        FileStore.StoredFile f = stored.get(key);
        if (f == null) {
          out.missing.add(w.row(w.notes.get(0), absent(key, w.decision)));
          continue;
        }
        for (int n = 0; n < w.notes.size(); n++) {
          String unlinked = unlinked(f, w.noteIds.get(n), w.cases.get(n), w.notes.get(n));
          if (!unlinked.isEmpty()) {
            out.missing.add(w.row(w.notes.get(n), unlinked));
          }
        }
      }
    }
    return out;
  }

  /** The reason of a missing-file row whose file does not exist. */
  static String absent(String key, AttachmentPolicy.Decision decision) {
    String why = MissingFile.NO_FILE + " (key " + key + "): a backfill sync over the window copies it";
    if (decision.sizeUnknown() && decision.typeUnknown()) {
      return why + "; RingCentral listed neither its size nor its type, so if the last sync's -attachments.csv says"
          + " 'over limit' or 'type refused' for it, raise attachments.maxBytes or widen attachments.contentTypes";
    }
    if (decision.sizeUnknown()) {
      return why + "; RingCentral listed no size, so if the last sync's -attachments.csv says 'over limit' for it,"
          + " raise attachments.maxBytes";
    }
    if (decision.typeUnknown()) {
      return why + "; RingCentral listed no content type, so if the last sync's -attachments.csv says 'type refused'"
          + " for it, add the type to attachments.contentTypes";
    }
    return why;
  }

  /** Empty when the file is linked to the Note and its Matter/Intake, else the reason naming what it lacks. */
  private static String unlinked(FileStore.StoredFile f, SalesforceId noteId, SalesforceId caseId, NoteDraft note) {
    boolean toNote = f.linkedTo().stream().anyMatch(noteId::sameRecord);
    boolean toCase = f.linkedTo().stream().anyMatch(caseId::sameRecord);
    if (toNote && toCase) {
      return "";
    }
    // the draft's kind names the record unless staff moved the Note elsewhere
    String kind = caseId.sameRecord(note.caseId()) ? note.kind().name().toLowerCase(java.util.Locale.ROOT)
        : "Matter/Intake";
    String what = !toNote && !toCase ? "its Note " + noteId.value() + " nor its " + kind + " " + caseId.value()
        : !toNote ? "its Note " + noteId.value() : "its " + kind + " " + caseId.value();
    return MissingFile.NOT_LINKED + " " + what + " (file " + f.contentDocumentId() + "): a backfill sync over the"
        + " window links it";
  }

  /**
   * rcsync's key of an attachment's file: {@code rc_att_{messageId}_{attachmentId}} (see {@link FileStore}).
   * Delegates to {@link FileKey#format}, the one place the format lives.
   */
  public static String fileKey(MessageId message, String attachmentId) {
    return FileKey.format(message, attachmentId);
  }

  /**
   * Which of these external ids have a Note, whatever its owner: {@link NoteSink#findExistingInBatches}, the batching
   * the sync's Note writer uses. An {@link io.rcsync.core.port.out.ExternalSystemException} ends the check, as a
   * failing owner-scoped query does.
   *
   * <p>A sink that cannot find existing Notes ({@link NoteSink#findsExisting()} false, whose {@link
   * NoteSink#findExisting} default finds nothing) returns nothing here: the comparison then falls back to the
   * owner-scoped query alone, and a reassigned Note is reported missing.
   */
  private Map<String, SalesforceId> lookUp(List<String> externalIds, Map<String, SalesforceId> currentCase) {
    Set<String> asked = new HashSet<>(externalIds);
    Map<String, SalesforceId> out = new LinkedHashMap<>();
    // only ids asked for count, whatever the sink returns
    sink.findExistingInBatches(externalIds).forEach((id, note) -> {
      if (asked.contains(id)) {
        out.put(id, note.id());
        note.matter().or(note::intake).ifPresent(c -> currentCase.put(id, c));
      }
    });
    return out;
  }

  /** A Note's Matter or Intake lookup as Salesforce holds it (the field's value), if set. */
  private static Optional<SalesforceId> caseField(NoteRecord r, String field) {
    Object v = r.fields().get(field);
    if (v instanceof SalesforceId id) {
      return Optional.of(id);
    }
    return v instanceof String text && (text.length() == 15 || text.length() == 18)
        ? Optional.of(SalesforceId.of(text)) : Optional.empty();
  }

  /**
   * The Notes a sync would write, by external id in the order it would write them. Like a dry-run
   * {@link io.rcsync.core.service.sync.NoteWriter} it counts each Note's text as matched in the ledger, so the check's
   * own run balances (fetched = the sum of the outcomes, design.md §3) as every run must.
   */
  private static final class ExpectedNotes implements NoteBatches {
    final Map<String, NoteDraft> drafts = new LinkedHashMap<>();
    final Map<String, Pending> pending = new LinkedHashMap<>();
    private final int batchSize;
    private final RunLedger ledger;

    ExpectedNotes(int batchSize, RunLedger ledger) {
      this.batchSize = batchSize;
      this.ledger = ledger;
    }

    @Override
    public int batchSize() {
      return batchSize;
    }

    @Override
    public void take(List<Pending> batch) {
      for (Pending p : batch) {
        ledger.noteMatched(p);
        drafts.put(p.draft().externalId(), p.draft());
        pending.put(p.draft().externalId(), p);
      }
    }
  }
}
