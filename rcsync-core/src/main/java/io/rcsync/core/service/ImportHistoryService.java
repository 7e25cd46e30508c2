package io.rcsync.core.service;

import io.rcsync.core.domain.ApiCalls;
import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.Direction;
import io.rcsync.core.domain.NoteFieldOwnership;
import io.rcsync.core.domain.PhoneNormalizer;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMagicFieldMap;
import io.rcsync.core.domain.SmsMagicRecord;
import io.rcsync.core.domain.SmsMagicSettings;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.StaffMember;
import io.rcsync.core.domain.TextSource;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteRecord;
import io.rcsync.core.port.in.ImportHistoryUseCase;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.in.VerifyHistoryUseCase;
import io.rcsync.core.report.MessageIssue;
import io.rcsync.core.report.VerifyReport;
import io.rcsync.core.service.sync.NoteBatches;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ConfigMismatchException;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.HistorySource;
import io.rcsync.core.port.out.NoteSink;
import io.rcsync.core.port.out.NoteStore;
import io.rcsync.core.port.out.StaffDirectory;
import io.rcsync.core.report.DeduplicatedText;
import io.rcsync.core.report.RunReport;
import io.rcsync.core.service.sync.CaseMatcher;
import io.rcsync.core.service.sync.HistoryDedup;
import io.rcsync.core.service.sync.MmsNoteBody;
import io.rcsync.core.service.sync.NoteWriter;
import io.rcsync.core.service.sync.NoteWrittenHook;
import io.rcsync.core.service.sync.RunLedger;
import io.rcsync.core.service.sync.SyncTarget;
import io.rcsync.core.service.sync.TextClassifier;
import io.rcsync.core.service.sync.TextPipeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SMS-Magic import (issue 15, {@code rcsync import-smsmagic}): reads the retired package's history page by page
 * and writes each record as a Note through the sync's own steps, so matching, topics, field ownership, reports and
 * their CSV rows are exactly a sync's. This class only orders them:
 *
 * <ol>
 *   <li>each {@link SmsMagicRecord} becomes an {@link SmsMessage} keyed {@code smsmagic_{18-character Id}}: its
 *       direction, the counterparty as sender (inbound) or recipient (outbound), the firm's number on the other side,
 *       its body and its message time. A status in {@code smsmagic.failedStatuses} on an outbound record reads as
 *       RingCentral's {@code DeliveryFailed} (failed topic, counted in deliveryFailed); every other record as
 *       delivered or received: history never changes again, so nothing is held;
 *   <li>the {@link TextPipeline} classifies (Intaker filter), matches by phone with the {@link CaseMatcher} and the
 *       same match policy, in the same batched lookups; a record whose own Matter/Intake lookup is set skips the phone
 *       match and goes on that record ({@link TextPipeline#acceptOnRecord});
 *   <li>{@link HistoryDedup} keeps back records that duplicate an {@code rc_msg_} Note (counted deduplicated);
 *   <li>the {@link NoteWriter} finds existing Notes by key and creates or updates under the standard
 *       {@link NoteFieldOwnership}, so a re-run changes nothing, and staff's corrections (owner, Matter/Intake, body)
 *       survive it; unlike the sync it never moves an existing Note's stored message time
 *       ({@link NoteFieldOwnership#keepingMessageTime()}: a re-import from a thinner source, e.g. an export without
 *       {@code SENT_ON__C}, keeps it and the run warns with their count).
 * </ol>
 *
 * <p>Owner: the record's sender when it is an active Salesforce user: the org's active standard users from the
 * {@link StaffDirectory} (one call per run, made before anything is read, which also checks that
 * {@code smsmagic.defaultOwner} is one of them: else {@link ConfigMismatchException}), or without a directory the
 * roster's {@code sfUserId}s; never the integration user given to the constructor; else {@code smsmagic.defaultOwner}.
 * The run's ledger is keyed by RingCentral extension, so each owner gets a target of its own
 * ({@link SyncTarget#ofHistoryOwner}): the report has one row per owner, showing the owner's User Id and name, never
 * an extension.
 *
 * <p>Migration copies: Converse's data migration may copy an Incoming SMS record into SMS History as an {@code IN}
 * record. An inbound record of an object that has a direction field is therefore held until every page is read; one
 * with the same counterparty and body as an Incoming SMS record (of an object without direction field), at most
 * {@code smsmagic.dedupWindowMinutes} apart, is counted deduplicated, reason "copy in SMS History", and the Incoming
 * SMS record is the one imported. Each Incoming SMS record absorbs at most one copy (the closest in time).
 *
 * <p>Accounting: every record read and every rejected row ({@link HistorySource.Page#rejected()}, counted as failed
 * with the source's line) is in the report, whose categories add up to what was read. The import never touches the
 * sync's state (watermarks, Message Sync checkpoints, the late-match list): an unmatched record is only a row of the
 * unmatched CSV. A failure reading the history stops the run (what was read is accounted).
 */
public final class ImportHistoryService implements ImportHistoryUseCase, VerifyHistoryUseCase {
  /** The report's verb. */
  public static final String VERB = "import-smsmagic";

  private final SyncSettings settings;
  private final SmsMagicSettings smsMagic;
  private final CaseDirectory cases;
  private final NoteSink sink;
  private final NoteStore notes;
  private final Optional<StaffDirectory> staff;
  private final Optional<SalesforceId> integrationUser;
  private final Clock clock;
  private final ApiCalls apiCalls;

  /**
   * @param settings the sync's settings: roster (owner names), Intaker filter, topics, schema, chunk size, write lanes
   * @param smsMagic the config's {@code smsmagic} section
   * @param cases the Matter/Intake lookup (as a sync's)
   * @param sink where Notes are found and written (as a sync's)
   * @param notes the {@code rc_msg_} Notes the de-duplication reads
   * @param staff the org's active standard users (a sender must be one to own its Note); empty = the roster's
   *     {@code sfUserId}s are the active users
   * @param integrationUser the user rcsync runs as, when known: never an owner, even when a record names it
   */
  public ImportHistoryService(SyncSettings settings, SmsMagicSettings smsMagic, CaseDirectory cases, NoteSink sink,
      NoteStore notes, Optional<StaffDirectory> staff, Optional<SalesforceId> integrationUser, Clock clock,
      ApiCalls apiCalls) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.smsMagic = Objects.requireNonNull(smsMagic, "smsMagic");
    this.cases = Objects.requireNonNull(cases, "cases");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.notes = Objects.requireNonNull(notes, "notes");
    this.staff = Objects.requireNonNull(staff, "staff");
    this.integrationUser = Objects.requireNonNull(integrationUser, "integrationUser");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.apiCalls = Objects.requireNonNull(apiCalls, "apiCalls");
  }

  /**
   * @throws IllegalArgumentException when the command's rows do not take de-duplicated rows
   *     ({@link io.rcsync.core.port.out.ReportRows#takesDeduplicated}; nothing is read then)
   * @throws IllegalStateException naming {@code smsmagic.defaultOwner} when the config does not set it (nothing is
   *     read then)
   * @throws ConfigMismatchException when {@code smsmagic.defaultOwner} is not an active User of the org (checked
   *     when a staff directory is given, before anything is read or written), or when the source finds a configured
   *     object or field the org lacks (nothing is written then)
   */
  @Override
  public RunReport importHistory(ImportCommand command) {
    SalesforceId defaultOwner = defaultOwner();
    command.rows().filter(r -> !r.takesDeduplicated()).ifPresent(r -> {
      throw new IllegalArgumentException(r.getClass().getName() + " does not take de-duplicated rows: implement"
          + " ReportRows.deduplicated to stream an import's de-duplicated CSV (nothing was read or written)");
    });
    RunLedger ledger = new RunLedger(command.dryRun(), clock, apiCalls);
    command.rows().ifPresent(ledger::streamRowsTo);
    cases.startRun();
    // history never changes: a thinner re-import source must not move an existing Note's message time (counted, warned)
    Run run = new Run(command, ledger, defaultOwner, new NoteWriter(sink, command.dryRun(), ledger,
        command.progress(), NoteFieldOwnership.standard(settings.topics()).keepingMessageTime(),
        NoteWrittenHook.NONE, settings.writeLanes()), false);
    run.readAll();
    run.pipeline.finish();
    run.warnMms();
    ledger.finish();
    // the source's own warnings belong to the run's account, whoever runs the import
    return ledger.report(VERB, "smsmagic", "-").withHistorySource(command.source().description(),
        command.source().warnings());
  }

  /**
   * Re-reads the history as a dry-run import (same owners, matching and de-duplication; no write), then looks the
   * expected Notes up by key ({@link NoteSink#findExisting}, batches of {@link NoteSink#maxLookupSize()}) and, when
   * the whole history was read from a source that is all of it ({@link HistorySource#wholeHistory()}: the org, not an
   * export) and a reader of the {@code smsmagic_} Notes is given, lists those whose record was not read. MMS files are not checked: an SMS-Magic MMS keeps only a URL, which rcsync does not copy.
   */
  @Override
  public VerifyReport verifyHistory(VerifyHistoryCommand command) {
    Instant started = clock.instant();
    Map<String, Long> before = apiCalls.snapshot();
    SalesforceId defaultOwner = defaultOwner();
    RunLedger ledger = new RunLedger(true, clock, apiCalls);
    cases.startRun();
    Expected expected = new Expected(ledger);
    ImportCommand asImport = new ImportCommand(command.source(), command.since(), command.until(), true,
        ProgressListener.NONE, Optional.empty());
    Run run = new Run(asImport, ledger, defaultOwner, expected, true);
    run.readAll();
    run.pipeline.finish();
    ledger.finish();
    RunReport report = ledger.report("verify", "smsmagic", "-");
    List<String> problems = new ArrayList<>();
    report.aborted().ifPresent(a -> problems.add("the check stopped early: " + a));
    Map<String, io.rcsync.core.domain.StoredNote> found = Map.of();
    try {
      found = expected.drafts.isEmpty() ? Map.of()
          : sink.findExistingInBatches(List.copyOf(expected.drafts.keySet()));
    } catch (ExternalSystemException e) {
      problems.add("the expected Notes could not be looked up: " + e.getMessage());
    }
    List<MessageIssue> missing = new ArrayList<>();
    if (problems.isEmpty() || !found.isEmpty()) {
      for (Map.Entry<String, Expected.Note> e : expected.drafts.entrySet()) {
        if (!found.containsKey(e.getKey())) {
          NoteDraft d = e.getValue().draft();
          missing.add(new MessageIssue(d.messageId().value(), e.getValue().owner(),
              d.counterparty() == null ? "" : d.counterparty().digits(), "should have a Note on "
                  + d.kind().name().toLowerCase(Locale.ROOT) + " " + d.caseId() + " and has none"));
        }
      }
    }
    List<String> orphaned = new ArrayList<>();
    Optional<String> orphanCheck = Optional.empty();
    long orphanNotes = 0;
    if (command.since().isPresent() || command.until().isPresent()) {
      orphanCheck = Optional.of("skipped: --since/--until read part of the history; check without them to find"
          + " smsmagic_ Notes whose record is gone");
    } else if (!command.source().wholeHistory()) {
      orphanCheck = Optional.of("skipped: an export may be one of several (SMS History and Incoming SMS, or one file a"
          + " year); verify against the org, without --from-csv, to find smsmagic_ Notes whose SMS-Magic record is"
          + " gone");
    } else if (command.importedNotes().isEmpty()) {
      orphanCheck = Optional.of("skipped: no reader of the smsmagic_ Notes was given");
    } else if (!problems.isEmpty()) {
      orphanCheck = Optional.of("skipped: the history was not read completely");
    } else {
      for (NoteRecord r : command.importedNotes().get().get()) {
        if (TextSource.SMS_MAGIC.owns(r.externalId()) && !run.keysRead.contains(r.externalId())) {
          orphaned.add(r.externalId());
        }
      }
      orphanNotes = orphaned.size();
    }
    return new VerifyReport("smsmagic", command.since().orElse(Instant.EPOCH), command.until().orElse(started), started,
        clock.instant(), report.totals().fetched(), expected.drafts.size(), found.size() + orphanNotes, missing,
        orphaned, orphanCheck, apiCalls.since(before), report.failures(), problems, 0, List.of(), 0,
        Optional.of("files were not checked: SMS-Magic MMS records keep only a URL, which the import does not copy"),
        0, 0, settings.schema().messageTimeField().orElse(VerifyReport.CREATED_DATE), TextSource.SMS_MAGIC);
  }

  private SalesforceId defaultOwner() {
    return smsMagic.defaultOwner().orElseThrow(() -> new IllegalStateException(
        "smsmagic.defaultOwner is not set in the config: set it to the Salesforce User Id (005...) that owns imported"
            + " Notes whose sender is unknown or not an active user"));
  }

  /** A verification's end of the pipeline: collects the Notes an import would write (after de-duplication). */
  private static final class Expected implements NoteBatches {
    record Note(NoteDraft draft, String owner) {}

    final Map<String, Note> drafts = new LinkedHashMap<>();
    private final RunLedger ledger;

    Expected(RunLedger ledger) {
      this.ledger = ledger;
    }

    @Override
    public int batchSize() {
      return 1000;
    }

    @Override
    public void take(List<Pending> batch) {
      for (Pending p : batch) {
        ledger.noteMatched(p);
        drafts.put(p.draft().externalId(), new Note(p.draft(), p.target().shown()));
      }
    }
  }

  /** One import run's state. */
  private final class Run {
    final ImportCommand command;
    final RunLedger ledger;
    final TextPipeline pipeline;
    final Owners owners;
    final Set<String> incomingObjects = new HashSet<>();
    /**
     * Incoming SMS records by a 64-bit hash of counterparty and normalised body ({@link #copyHash}): what an SMS
     * History IN record may be a copy of. Compact: a time, a key and the lookups per record, never the body.
     */
    final Map<Long, List<Seen>> incoming = new HashMap<>();
    /** SMS History IN records read before every Incoming SMS record was (a source that does not read those first). */
    final List<SmsMagicRecord> maybeCopies = new ArrayList<>();
    /** Copies found, settled in batches: one look per batch for a Note an earlier run wrote for them. */
    final List<Copy> copies = new ArrayList<>();
    final boolean settleOnArrival;
    long copiesImportedBefore;
    /** Records and rejected rows read from the source. */
    long rowsRead;
    /** Every record's Note key read (for verify's orphan check). */
    final Set<String> keysRead = new HashSet<>();
    final boolean keepKeys;
    /** MMS records read whose media are a link only, and those naming no media at all. */
    long mmsLinks;
    long mmsWithoutMedia;
    /** Records read whose body is empty or only whitespace and that name no media link; their first keys. */
    long withoutText;
    final List<String> withoutTextKeys = new ArrayList<>();

    /**
     * One warning line per kind of MMS record read (their media are never copied as files), and one for records
     * without text.
     */
    void warnMms() {
      if (mmsLinks > 0) {
        ledger.warn(mmsLinks + " SMS-Magic MMS record(s) keep their media only as a link (e.g. Incoming SMS"
            + " MMS_Url__c): their Notes carry an 'Attachment: URL' line; the files are not copied into Salesforce"
            + " Files, and the link works only as long as SMS-Magic's media server keeps it");
      }
      if (withoutText > 0) {
        // written all the same, as the RingCentral sync writes an empty text: the text happened (an MMS whose
        // picture SMS-Magic never kept is common); the line explains the empty Notes on the Matter/Intake pages
        ledger.warn(withoutText + " SMS-Magic record(s) have no text (an empty or whitespace-only body) and no media"
            + " link, e.g. " + String.join(", ", withoutTextKeys) + (withoutText > withoutTextKeys.size() ? ", …" : "")
            + ": those written are Notes with an empty body; nothing to fix unless the export left the body column out");
      }
      if (mmsWithoutMedia > 0) {
        ledger.warn(mmsWithoutMedia + " SMS-Magic MMS record(s) name no media link (no smsmagic.objects.*.mediaUrl"
            + " field, or it is empty): their Notes hold the text only");
      }
    }

    /**
     * @param end where the de-duplicated Notes go: the writer, or a verification's collector
     * @param keepKeys remember every record's key (verify's orphan check)
     */
    Run(ImportCommand command, RunLedger ledger, SalesforceId defaultOwner, NoteBatches end, boolean keepKeys) {
      this.keepKeys = keepKeys;
      this.command = command;
      this.ledger = ledger;
      this.owners = new Owners(ledger, defaultOwner);
      this.settleOnArrival = command.source().fixedInboundFirst();
      // an import saves no late-match list (a record no case holds is an unmatched row; a re-run re-reads it)
      ledger.keepLateMatchesSince(Instant.MAX);
      for (SmsMagicFieldMap.MessageObject o : smsMagic.fields().objects()) {
        if (o.directionField().isEmpty() && o.fixedDirection() == Direction.INBOUND) {
          incomingObjects.add(o.object().toLowerCase(Locale.ROOT));
        }
      }
      HistoryDedup dedup = new HistoryDedup(end, notes, sink, settings.schema(), settings.topics(),
          smsMagic.dedupWindow(), ledger);
      this.pipeline = new TextPipeline(ledger, new TextClassifier(settings.intakerFilter()),
          new CaseMatcher(cases, settings.schema()), settings.topics(), settings.chunkSize(), dedup);
    }

    void readAll() {
      HistorySource source = command.source();
      HistorySource.Query query = new HistorySource.Query(command.since(), command.until());
      Optional<String> cursor = Optional.empty();
      do {
        HistorySource.Page page;
        try {
          page = source.read(query, cursor);
        } catch (ConfigMismatchException e) {
          throw e; // a config error (e.g. a configured field the org lacks): no report, the CLI exits 2
        } catch (ExternalSystemException e) {
          ledger.abort("reading the SMS-Magic history (" + source.description() + ") failed: " + e.getMessage());
          break;
        }
        command.progress().historyPageRead(page.records().size(), page.rejected().size());
        rowsRead += page.records().size() + page.rejected().size();
        for (HistorySource.Rejected r : page.rejected()) {
          ledger.rejected(owners.defaultTarget(), r.rawId(), "rejected: " + r.reason());
          if (keepKeys) {
            rejectedKey(r.rawId()).ifPresent(keysRead::add); // its record exists: its Note is no orphan
          }
        }
        for (SmsMagicRecord r : page.records()) {
          take(r);
        }
        cursor = page.next();
      } while (cursor.isPresent() && !ledger.stopped());
      settleCopies();
      if (rowsRead == 0 && !ledger.stopped()) {
        // exit code unchanged (nothing failed), but a header-only export or a window before the first record
        // should not pass as "balanced" without a word
        boolean windowed = command.since().isPresent() || command.until().isPresent();
        ledger.warn("no SMS-Magic records read from " + source.description() + ": check "
            + (windowed ? "--since/--until (the window holds no record), " : "")
            + (source.description().startsWith("file:") ? "the export (it holds no rows)"
                : "that the SMS-Magic objects hold records and that this user may read them"));
      }
    }

    private void take(SmsMagicRecord r) {
      if (keepKeys) {
        keysRead.add(key(r));
      }
      if ((r.body() == null || r.body().isBlank()) && r.mediaUrl().isEmpty()) {
        if (withoutText++ < 3) {
          withoutTextKeys.add(key(r));
        }
      }
      // a media link is counted whatever the type field says: a Data Loader export of Incoming SMS often has the
      // MMS_Url__c column but not MMS_Type__c, and its Note carries the 'Attachment: URL' line all the same
      if (r.mediaUrl().isPresent()) {
        mmsLinks++;
      } else if (r.mms()) {
        mmsWithoutMedia++;
      }
      boolean fromIncoming = incomingObjects.contains(r.object().toLowerCase(Locale.ROOT));
      if (fromIncoming) {
        incoming.computeIfAbsent(copyHash(r), k -> new ArrayList<>(1)).add(new Seen(r));
      } else if (r.direction() == Direction.INBOUND && !incomingObjects.isEmpty()) {
        if (settleOnArrival) {
          settle(r); // every Incoming SMS record is known already
        } else {
          maybeCopies.add(r); // decided once every Incoming SMS record is known
        }
        return;
      }
      write(r);
    }

    /** Each held SMS History IN record settled, then the copies found told apart from earlier runs' Notes. */
    private void settleCopies() {
      for (SmsMagicRecord r : maybeCopies) {
        settle(r);
      }
      maybeCopies.clear();
      flushCopies();
      if (copiesImportedBefore > 0) {
        ledger.warn(copiesImportedBefore + " SMS History record(s) are migration copies of Incoming SMS records but"
            + " an earlier run (windowed, stopped, or given one export at a time) imported them before their"
            + " originals were read: their smsmagic_ Notes are left in place, so those texts show twice (see the"
            + " de-duplicated CSV; roll each back with rollback --source smsmagic --message-id KEY)");
      }
    }

    /**
     * An SMS History IN record: a copy of the closest unused Incoming SMS record in the window with the same
     * counterparty and body, unless it names a Matter/Intake its twin does not (then it is the only record that
     * knows where the text belongs: written, and HistoryDedup still compares it with the rc_msg_ Notes); else written.
     */
    private void settle(SmsMagicRecord r) {
      long window = smsMagic.dedupWindow().toMillis();
      long t = r.messageTime().toEpochMilli();
      Seen best = null;
      for (Seen s : incoming.getOrDefault(copyHash(r), List.of())) {
        long apart = Math.abs(t - s.time);
        if (!s.used && apart <= window && (best == null || apart < Math.abs(t - best.time))) {
          best = s;
        }
      }
      if (best == null || !within(r.matter(), best.matter) || !within(r.intake(), best.intake)) {
        write(r);
        return;
      }
      best.used = true;
      copies.add(new Copy(owners.targetFor(r.sender()), key(r), best.key, shownNumber(r.counterparty())));
      if (copies.size() >= Math.max(1, sink.maxLookupSize())) {
        flushCopies();
      }
    }

    /** The copies found so far, each with a row; one look for a Note an earlier run wrote for them. */
    private void flushCopies() {
      if (copies.isEmpty()) {
        return;
      }
      Set<String> before = Set.of();
      String unknown = "";
      if (sink.findsExisting()) {
        try {
          before = sink.findExistingInBatches(copies.stream().map(Copy::key).toList()).keySet();
        } catch (ExternalSystemException e) {
          unknown = "; could not tell whether an earlier run wrote its Note: " + e.getMessage();
        }
      }
      for (Copy c : copies) {
        String reason = "copy in SMS History" + unknown;
        if (before.contains(c.key())) {
          copiesImportedBefore++;
          reason += "; already imported as " + c.key() + " before its original was read: that Note is left in place"
              + " (roll it back with rollback --source smsmagic --message-id " + c.key() + ")";
        }
        ledger.copyInHistory(c.target(), new DeduplicatedText(c.key(), c.kept(), c.counterparty(), reason));
      }
      copies.clear();
    }

    private void write(SmsMagicRecord r) {
      SyncTarget t = owners.targetFor(r.sender());
      SmsMessage m = message(r, t);
      if (r.matter().isPresent()) {
        pipeline.acceptOnRecord(t, m, CaseKind.MATTER, r.matter().get());
      } else if (r.intake().isPresent()) {
        pipeline.acceptOnRecord(t, m, CaseKind.INTAKE, r.intake().get());
      } else {
        pipeline.accept(t, m);
      }
    }
  }

  /** An Incoming SMS record seen, which may absorb one copy: its time (epoch ms), key and own lookups. */
  private static final class Seen {
    final long time;
    final String key;
    final Optional<SalesforceId> matter;
    final Optional<SalesforceId> intake;
    boolean used;

    Seen(SmsMagicRecord r) {
      this.time = r.messageTime().toEpochMilli();
      this.key = key(r);
      this.matter = r.matter();
      this.intake = r.intake();
    }
  }

  /** A migration copy found, its row written when its batch is looked up. */
  private record Copy(SyncTarget target, String key, String kept, String counterparty) {}

  /** True when the copy names no record, or the same one as its twin. */
  private static boolean within(Optional<SalesforceId> copy, Optional<SalesforceId> twin) {
    return copy.isEmpty() || twin.filter(id -> id.sameRecord(copy.get())).isPresent();
  }

  /**
   * The text a history record is, in the pipeline's terms. Outbound: from the firm's number to the counterparty;
   * inbound: the reverse. Status: RingCentral's {@code DeliveryFailed} for an outbound record whose status is one of
   * {@code smsmagic.failedStatuses}, else {@code Delivered} (outbound) or {@code Received} (inbound).
   */
  private SmsMessage message(SmsMagicRecord r, SyncTarget t) {
    boolean out = r.direction() == Direction.OUTBOUND;
    String status = out ? (smsMagic.isFailed(r.status()) ? "DeliveryFailed" : "Delivered") : "Received";
    String counterparty = r.counterparty().isBlank() ? null : r.counterparty();
    String firm = r.firmNumber().isBlank() ? null : r.firmNumber();
    String from = out ? firm : counterparty;
    String to = out ? counterparty : firm;
    // an MMS's media are only a link in SMS-Magic: the Note names it on an "Attachment: URL" line
    return new SmsMessage(r.messageId(), t.extension(), r.direction(), from, to == null ? List.of() : List.of(to),
        MmsNoteBody.withLinks(r.body(), r.mediaUrl().stream().toList()), r.messageTime(), r.messageTime(), null,
        status, List.of());
  }

  /** The Note key of a rejected row whose raw id is a record Id; empty for a line reference. */
  private static Optional<String> rejectedKey(String rawId) {
    try {
      return Optional.of(io.rcsync.core.domain.MessageId.smsMagic(SalesforceId.of(rawId.strip())).externalId());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String key(SmsMagicRecord r) {
    return r.messageId().externalId();
  }

  /**
   * A 64-bit FNV-1a hash of counterparty and normalised body: equal for a record and its migration copy. Two
   * different texts of one client that collide would also have to be within the window of each other: at 10^6
   * Incoming SMS records the chance of any collision is about 3 in 10^8.
   */
  static long copyHash(SmsMagicRecord r) {
    String s = shownNumber(r.counterparty()) + "\u0000" + HistoryDedup.normalise(r.body());
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** A US number's 10 digits, else the value as stored, trimmed. */
  private static String shownNumber(String raw) {
    return PhoneNormalizer.normalize(raw).asNumber().map(n -> n.digits()).orElse(raw == null ? "" : raw.strip());
  }

  /** Who owns each record's Note, and the ledger target of each owner. */
  private final class Owners {
    final RunLedger ledger;
    final SalesforceId defaultOwner;
    final Map<String, String> rosterNames = new HashMap<>();
    final Map<String, SyncTarget> targets = new LinkedHashMap<>();
    /** Active users by 15-character id, with their names; null until first needed. */
    Map<String, String> active;
    /** Whether {@link #active} holds the directory's answer (not the roster's users after a failed read). */
    boolean usersRead;
    int activeCount;

    /**
     * @throws ConfigMismatchException when a staff directory is given and {@code defaultOwner} is not one of its
     *     active users (asked once, before anything is read or written; dry run too)
     */
    Owners(RunLedger ledger, SalesforceId defaultOwner) {
      this.ledger = ledger;
      this.defaultOwner = defaultOwner;
      for (StaffMember m : settings.roster().allMembers()) {
        m.sfUserId().ifPresent(u -> rosterNames.putIfAbsent(u.shortForm(), m.name()));
      }
      if (staff.isPresent()) {
        // the one read of the org's users per run: made now so a default owner Salesforce would refuse on every
        // Note (INVALID_CROSS_REFERENCE_KEY [OwnerId]) stops the run before the first write, and the dry run
        // predicts it; without a directory (in-memory ports) there is nothing to check against
        boolean known = activeUsers().containsKey(defaultOwner.shortForm());
        if (!known && usersRead) {
          throw new ConfigMismatchException("smsmagic.defaultOwner", defaultOwner.value() + " is not an active"
              + " standard User of the org (" + activeCount + " active users read): set it to the Salesforce User Id"
              + " (005...) of an active user who should own imported Notes whose sender is unknown (nothing was"
              + " read or written)");
        }
      }
      target(defaultOwner, rosterNames.getOrDefault(defaultOwner.shortForm(), "default owner (smsmagic.defaultOwner)"));
    }

    SyncTarget defaultTarget() {
      return targets.get(defaultOwner.shortForm());
    }

    SyncTarget targetFor(Optional<SalesforceId> sender) {
      if (sender.isEmpty() || integrationUser.filter(sender.get()::sameRecord).isPresent()) {
        return defaultTarget();
      }
      SalesforceId s = sender.get();
      SyncTarget known = targets.get(s.shortForm());
      if (known != null) {
        return known;
      }
      String name = activeUsers().get(s.shortForm());
      return name == null ? defaultTarget() : target(s, name);
    }

    private SyncTarget target(SalesforceId owner, String name) {
      return targets.computeIfAbsent(owner.shortForm(), k -> {
        SyncTarget t = SyncTarget.ofHistoryOwner(targets.size() + 1, name, owner);
        ledger.add(t);
        return t;
      });
    }

    /** The org's active standard users (one call per run, made when the run starts), else the roster's users. */
    private Map<String, String> activeUsers() {
      if (active != null) {
        return active;
      }
      active = new HashMap<>();
      if (staff.isEmpty()) {
        active.putAll(rosterNames);
        return active;
      }
      try {
        for (StaffDirectory.SalesforceUser u : staff.get().activeUsers()) {
          active.put(u.id().shortForm(), rosterNames.getOrDefault(u.id().shortForm(),
              u.name() == null || u.name().isBlank() ? u.id().value() : u.name()));
        }
        usersRead = true;
        activeCount = active.size();
      } catch (ExternalSystemException e) {
        ledger.warn("could not read the org's active users (" + e.getMessage() + "): records whose sender is not a"
            + " roster member are owned by smsmagic.defaultOwner");
        active.putAll(rosterNames);
      }
      return active;
    }
  }
}
