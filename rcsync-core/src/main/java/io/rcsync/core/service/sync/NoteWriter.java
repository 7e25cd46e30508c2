package io.rcsync.core.service.sync;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteBodyFormat;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.NoteField;
import io.rcsync.core.domain.NoteFieldOwnership;
import io.rcsync.core.domain.NoteUpdate;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.StoredNote;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.NoteSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes Notes through the {@link NoteSink} so that a re-run changes nothing staff corrected and nothing that is
 * already right. For each batch of up to {@link NoteSink#maxLookupSize()} Notes:
 *
 * <ol>
 *   <li>renders each body for the body field's type ({@link NoteSink#bodyFormat()}, asked once per writer);
 *   <li>finds the Notes that already exist by external id ({@link NoteSink#findExisting}, batched queries), for a
 *       group text also its {@code rc_msg_{id}} and each {@code rc_msg_{id}_{caseId}}, and keys its drafts by them
 *       (an SMS-Magic record's Note, issue 15, is looked up by its {@code smsmagic_{record Id}} alone: never a group);
 *   <li>creates the missing ones ({@link NoteSink#create}, up to {@link NoteSink#maxBatchSize()} a call);
 *   <li>for existing ones, asks the {@link NoteFieldOwnership} which owned fields changed: none → no write, counted
 *       {@code unchanged}; else {@link NoteSink#update} with only those fields, counted {@code updated}.
 * </ol>
 *
 * <p>Every record ends in the ledger as matched (plus created, updated or unchanged) or failed with the record's own
 * error, "no result returned for this record", or, when a whole call failed, "not written: ...".
 *
 * <p>A dry run never creates or updates. With a sink that {@link NoteSink#findsExisting()}, it reads as a real run
 * does (body format once, then the same batched {@link NoteSink#findExisting} queries) and counts what the run
 * <em>would</em> do under the same {@link NoteFieldOwnership}: {@code created} Notes that would be created,
 * {@code updated} those that would be updated, {@code unchanged} those left alone; a failed lookup fails its records
 * as "not looked up: ...". Under {@code --relink} it adds one warning counting the existing Notes whose owner or
 * Matter/Intake would be rewritten ({@link #finish}). With a sink that does not find existing Notes, a dry run calls
 * the sink not at all and counts every Note as matched only (created, updated and unchanged stay 0).
 *
 * <p>A call that fails with a quota or authentication error stops the
 * run; other failed calls (including a sink's RuntimeException, e.g. a missing {@link NoteSink#update}) lose only
 * their records. A sink that does not find existing Notes ({@link NoteSink#findsExisting()} false) gets every Note
 * created in full, and the run one warning saying so. A group text's keys are decided by the Notes that exist
 * (see the private {@code keyed}), not by which record ranks first. Reports the Notes written per call to the {@link ProgressListener}.
 */
public final class NoteWriter implements NoteBatches {
  /**
   * The most write lanes: Salesforce allows 25 concurrent API requests that last 20 s or longer per production org or
   * sandbox, but only 5 per Developer Edition or trial org (API Request Limits and Allocations,
   * https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html ),
   * and the firm's other integrations share them; 8 stays far below the production limit.
   */
  public static final int MAX_LANES = 8;
  /** The name of a write lane's thread, followed by the lane's number (2, 3, ...; lane 1 is the calling thread). */
  public static final String LANE_THREAD = "rcsync-write-lane-";
  private final NoteSink sink;
  private final boolean dryRun;
  private final RunLedger ledger;
  private final ProgressListener progress;
  private final NoteFieldOwnership ownership;
  private final NoteWrittenHook hook;
  /** Write lanes: how many create/update calls of one batch may be in flight at once (1: one after the other). */
  private final int lanes;
  /** The Notes of the batch being taken that exist, for the {@link #hook}. */
  private final List<NoteWrittenHook.Written> done = new ArrayList<>();
  /** Existing Notes of the batch being taken whose Matter/Intake stays as stored, by external id (empty: none). */
  private final Map<String, Optional<SalesforceId>> storedCase = new HashMap<>();
  private NoteBodyFormat bodyFormat;
  private boolean warnedNoLookup;
  private boolean warnedRelink;
  /** Existing Notes whose OWNER or CASE_LINK this run would rewrite (counted in every run, reported by a dry run). */
  private long relinked;
  /** Existing Notes whose stored message time the ownership kept although the draft gives another. */
  private long keptTimes;

  /** With the standard ownership over the default topics (no relink). */
  public NoteWriter(NoteSink sink, boolean dryRun, RunLedger ledger, ProgressListener progress) {
    this(sink, dryRun, ledger, progress, NoteFieldOwnership.standard(TopicMap.defaults()));
  }

  /**
   * Bound to one run's ledger: make one per run and do not reuse it across runs.
   *
   * @param sink where Notes are found and written; its {@link NoteSink#maxBatchSize()} bounds each write call
   * @param dryRun true to write nothing: count each Note's text as matched and, when the sink finds existing Notes,
   *     as created/updated/unchanged by what a real run would do (reads only); else the sink is not called at all
   * @param ledger the run's ledger: every Note taken ends there as matched (plus created/updated/unchanged) or failed
   * @param progress told how many Notes each call wrote ({@link ProgressListener#NONE} for none)
   * @param ownership which fields of an existing Note this run may rewrite ({@code relinking()} for {@code --relink})
   */
  public NoteWriter(NoteSink sink, boolean dryRun, RunLedger ledger, ProgressListener progress,
      NoteFieldOwnership ownership) {
    this(sink, dryRun, ledger, progress, ownership, NoteWrittenHook.NONE);
  }

  /**
   * As above, and tells {@code hook} after each batch which of its Notes exist (created, updated, unchanged; in a
   * dry run, would), with their Salesforce ids: the sync copies MMS media there ({@link FileCopier}). When the run
   * stops inside a batch, the Notes of the batch written before the stop go to {@link NoteWrittenHook#notProcessed}.
   */
  public NoteWriter(NoteSink sink, boolean dryRun, RunLedger ledger, ProgressListener progress,
      NoteFieldOwnership ownership, NoteWrittenHook hook) {
    this(sink, dryRun, ledger, progress, ownership, hook, 1);
  }

  /**
   * As above, with up to {@code lanes} write calls in flight at once (issue 13 item 3, {@code sync.writeLanes}).
   *
   * <p>With more than one lane a real run takes batches of {@code lanes} × 97.5% of {@link NoteSink#maxLookupSize()}
   * Notes (the 2.5% leave room for a Matter's Notes that do not divide evenly over the lanes). After one lookup and the ownership decisions (as with one lane), the batch's Notes to write are split into lanes
   * by their Matter/Intake: Notes that share a parent record, and all the Notes of a group text together with every
   * other Note on any of its records, are in one lane; an update also keeps the lane of the record the Note points to
   * now. Each lane sends its calls in order on a thread of its own ({@value #LANE_THREAD} + number) and the writer
   * waits for all of them before the next batch, so two calls in flight never insert or re-link children of the same
   * Matter or Intake. That matters because Salesforce locks the parent record of a lookup while a child is inserted
   * or updated; a second transaction that waits more than 10 s for that lock fails with {@code UNABLE_TO_LOCK_ROW}
   * (Knowledge Article 000229525, https://help.salesforce.com/apex/HTViewSolution?id=000229525 , and its Record
   * Locking Cheatsheet; sorting records by parent so that parallel batches do not share one is the documented remedy,
   * e.g. https://docs.gearset.com/en/articles/10638813 ).
   *
   * <p>Accounting is unchanged: ledger, progress and {@link NoteWrittenHook} are told on the calling thread, after
   * every lane has finished, Note by Note in the batch's order (as with one lane), so the report is one lane's. When a call fails with a quota or authentication error,
   * the lanes start no further call (a call already in flight finishes and is accounted as it ended), every record
   * not sent is failed as "not written: " with that error, and the run stops as with one lane.
   *
   * @param lanes 1 (today's behaviour: calls one after the other, batches of {@link NoteSink#maxLookupSize()}) to
   *     {@value #MAX_LANES}; a dry run always uses one (it writes nothing)
   * @throws IllegalArgumentException when {@code lanes} is outside 1..{@value #MAX_LANES}
   */
  public NoteWriter(NoteSink sink, boolean dryRun, RunLedger ledger, ProgressListener progress,
      NoteFieldOwnership ownership, NoteWrittenHook hook, int lanes) {
    if (lanes < 1 || lanes > MAX_LANES) {
      throw new IllegalArgumentException("write lanes must be 1 to " + MAX_LANES + ", got " + lanes);
    }
    this.lanes = dryRun ? 1 : lanes;
    this.hook = hook;
    this.sink = sink;
    this.dryRun = dryRun;
    this.ledger = ledger;
    this.progress = progress;
    this.ownership = ownership;
  }

  /** Passes the hint on to the sink ({@link NoteSink#expect}), which may look the texts' Notes up ahead. */
  @Override
  public void expect(List<MessageId> texts, List<MessageId> groupTexts) {
    sink.expect(texts, groupTexts);
  }

  @Override
  public int batchSize() {
    if (lanes == 1 || dryRun) {
      return Math.max(1, dryRun && !sink.findsExisting() ? sink.maxBatchSize() : sink.maxLookupSize());
    }
    // each lane 2.5% short of a full lookup, so that a parent's Notes rarely push a lane into one more write call
    long perLane = Math.max(1, sink.maxLookupSize() - sink.maxLookupSize() / 40);
    return (int) Math.min(Integer.MAX_VALUE, lanes * perLane);
  }

  /**
   * After the last batch of a dry run: when existing Notes' owner or Matter/Intake lookups would be rewritten
   * ({@code --relink}), adds one run warning with their count, "--relink would rewrite the owner or Matter/Intake of
   * N existing Note(s)", so the operator sees how many staff corrections a relink overwrites before running it.
   * Nothing when there are none, and nothing in a real run (its {@code updated} count says what was rewritten).
   *
   * <p>In any run under {@link NoteFieldOwnership#keepingMessageTime()} (the history import): one warning, "N existing
   * Note(s) keep their stored message time: this source gives another (e.g. an export without SENT_ON__C)", when the
   * source gave existing Notes another message time than the one they keep.
   */
  @Override
  public void finish() {
    if (dryRun && relinked > 0 && !warnedRelink) {
      warnedRelink = true;
      ledger.warn("--relink would rewrite the owner or Matter/Intake of " + relinked + " existing Note(s)");
    }
    if (keptTimes > 0) {
      // NoteFieldOwnership.keepingMessageTime (the history import): one line for all, then reset so a second
      // finish() does not repeat it
      ledger.warn(keptTimes + " existing Note(s) keep their stored message time: this source gives another (e.g. an"
          + " export without SENT_ON__C)");
      keptTimes = 0;
    }
  }

  @Override
  public void take(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    done.clear();
    storedCase.clear();
    // the hook runs after normal completion or a RunAborted only: another exception propagates as it is
    try {
      writeBatch(batch);
    } catch (RunAborted stopped) {
      tellHook();
      throw stopped;
    }
    tellHook();
  }

  private void tellHook() {
    List<NoteWrittenHook.Written> existing = List.copyOf(done);
    done.clear();
    storedCase.clear();
    if (!existing.isEmpty()) {
      if (ledger.stopped()) {
        hook.notProcessed(existing);
      } else {
        hook.written(existing);
      }
    }
  }

  private void writeBatch(List<Pending> batch) {
    if (dryRun && !sink.findsExisting()) {
      // nothing to look up: every Note counts as matched, none as created/updated/unchanged
      for (Pending p : batch) {
        matched(p, Optional.empty());
      }
      return;
    }
    if (!dryRun && !sink.findsExisting() && !warnedNoLookup) {
      warnedNoLookup = true;
      ledger.warn(sink.getClass().getName() + " does not find existing Notes: every Note is upserted in full, so staff"
          + " corrections to owner and Matter/Intake are overwritten");
    }
    List<Pending> rendered;
    Map<String, StoredNote> existing;
    try {
      if (bodyFormat == null) {
        bodyFormat = sink.bodyFormat();
      }
      rendered = batch.stream().map(p -> p.withDraft(p.draft().withBody(bodyFormat.render(p.draft().body())))).toList();
      existing = sink.findsExisting() ? findExisting(rendered) : Map.of();
    } catch (ExternalSystemException e) {
      wholeCallFailed(batch, e);
      return;
    } catch (RuntimeException e) {
      // a sink's own bug or missing method: its records fail, the run goes on
      for (Pending p : batch) {
        failed(p, notDone() + describe(e));
      }
      return;
    }
    rendered = keyed(rendered, existing);
    List<Pending> toCreate = new ArrayList<>();
    List<Pending> toUpdate = new ArrayList<>();
    List<NoteUpdate> updates = new ArrayList<>();
    for (Pending p : rendered) {
      StoredNote stored = existing.get(p.draft().externalId());
      if (stored == null) {
        toCreate.add(p);
        continue;
      }
      Set<NoteField> changed = ownership.changes(stored, p.draft());
      if (ownership.keepsStoredMessageTime(stored, p.draft())) {
        keptTimes++;
      }
      if (!changed.contains(NoteField.CASE_LINK)) {
        storedCase.put(p.draft().externalId(), currentCase(stored, p.draft()));
      }
      if (changed.isEmpty()) {
        matched(p, Optional.of(stored.id()));
        ledger.unchanged(p.target());
      } else {
        toUpdate.add(p);
        updates.add(new NoteUpdate(stored.id(), p.draft(), changed));
        if (changed.contains(NoteField.OWNER) || changed.contains(NoteField.CASE_LINK)) {
          relinked++;
        }
      }
    }
    if (dryRun) {
      // what the run would do, from the same lookup and ownership; no create or update call
      for (Pending p : toCreate) {
        matched(p, Optional.empty());
        ledger.written(p.target(), WriteOutcome.Status.CREATED);
      }
      for (Pending p : toUpdate) {
        matched(p, Optional.of(existing.get(p.draft().externalId()).id()));
        ledger.written(p.target(), WriteOutcome.Status.UPDATED);
      }
      return;
    }
    if (lanes > 1) {
      List<Pending> order = new ArrayList<>(toCreate);
      order.addAll(toUpdate);
      sendInLanes(laneCalls(toCreate, toUpdate, updates, existing), order);
      return;
    }
    int size = Math.max(1, sink.maxBatchSize());
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < toCreate.size(); i += size) {
      List<Pending> part = toCreate.subList(i, Math.min(toCreate.size(), i + size));
      calls.add(new Call(part, () -> sink.create(part.stream().map(Pending::draft).toList())));
    }
    for (int i = 0; i < toUpdate.size(); i += size) {
      List<Pending> part = toUpdate.subList(i, Math.min(toUpdate.size(), i + size));
      List<NoteUpdate> these = List.copyOf(updates.subList(i, Math.min(updates.size(), i + size)));
      calls.add(new Call(part, () -> sink.update(these)));
    }
    for (int c = 0; c < calls.size(); c++) {
      try {
        write(calls.get(c));
      } catch (RuntimeException re) {
        if (!(re instanceof ExternalSystemException e)) {
          // e.g. UnsupportedOperationException from a sink without update: this call's records fail, the run goes on
          for (Pending p : calls.get(c).part()) {
            failed(p, "not written: " + describe(re));
          }
          continue;
        }
        List<Pending> lost = new ArrayList<>(calls.get(c).part());
        if (e.fatalToRun()) {
          // no later call can succeed either: account for their records before stopping
          calls.subList(c + 1, calls.size()).forEach(rest -> lost.addAll(rest.part()));
        }
        wholeCallFailed(lost, e);
      }
    }
  }

  /**
   * Splits the Notes to write into at most {@link #lanes} lanes, and no more than the calls one lane would need (lanes
   * cost no extra Salesforce call), so that no Matter/Intake has children in two lanes: Notes are grouped by parent
   * record, groups joined when a group text has Notes on both or an update moves a Note from one to the other
   * (union-find over parent ids). Groups go, in order of first appearance, to the least-loaded
   * lane they fit in without another call ({@link NoteSink#maxBatchSize()}), else to the least-loaded lane. Each
   * lane's creates, then its updates, become calls of at most {@link NoteSink#maxBatchSize()} records, in batch order.
   */
  private List<List<Call>> laneCalls(List<Pending> toCreate, List<Pending> toUpdate, List<NoteUpdate> updates,
      Map<String, StoredNote> existing) {
    Map<SalesforceId, SalesforceId> parent = new HashMap<>();
    Map<MessageId, SalesforceId> textParent = new HashMap<>();
    List<Pending> all = new ArrayList<>(toCreate);
    all.addAll(toUpdate);
    for (Pending p : all) {
      SalesforceId own = p.draft().caseId();
      union(parent, own, textParent.computeIfAbsent(p.draft().messageId(), k -> own));
      StoredNote stored = existing.get(p.draft().externalId());
      if (stored != null) {
        currentCase(stored, p.draft()).ifPresent(now -> union(parent, own, now));
      }
    }
    Map<SalesforceId, Integer> groupSize = new LinkedHashMap<>();
    for (Pending p : all) {
      groupSize.merge(find(parent, p.draft().caseId()), 1, Integer::sum);
    }
    int size = Math.max(1, sink.maxBatchSize());
    // no more lanes than the calls one lane would make: lanes never cost Salesforce calls of their own
    int used = Math.max(1, Math.min(lanes, ceilDiv(all.size(), size)));
    int[] load = new int[used];
    Map<SalesforceId, Integer> laneOf = new HashMap<>();
    for (Map.Entry<SalesforceId, Integer> g : groupSize.entrySet()) {
      int best = -1;
      for (int l = 0; l < used; l++) {
        // fits: no further call for this lane (an empty lane takes a group of up to one call)
        boolean fits = ceilDiv(load[l] + g.getValue(), size) == Math.max(1, ceilDiv(load[l], size));
        if (fits && (best < 0 || load[l] < load[best])) {
          best = l;
        }
      }
      if (best < 0) {
        best = 0;
        for (int l = 1; l < used; l++) {
          best = load[l] < load[best] ? l : best;
        }
      }
      load[best] += g.getValue();
      laneOf.put(g.getKey(), best);
    }
    List<List<Call>> out = new ArrayList<>();
    for (int l = 0; l < used; l++) {
      List<Pending> creates = new ArrayList<>();
      for (Pending p : toCreate) {
        if (laneOf.get(find(parent, p.draft().caseId())) == l) {
          creates.add(p);
        }
      }
      List<Pending> changed = new ArrayList<>();
      List<NoteUpdate> changes = new ArrayList<>();
      for (int i = 0; i < toUpdate.size(); i++) {
        if (laneOf.get(find(parent, toUpdate.get(i).draft().caseId())) == l) {
          changed.add(toUpdate.get(i));
          changes.add(updates.get(i));
        }
      }
      List<Call> calls = new ArrayList<>();
      for (int i = 0; i < creates.size(); i += size) {
        List<Pending> part = List.copyOf(creates.subList(i, Math.min(creates.size(), i + size)));
        calls.add(new Call(part, () -> sink.create(part.stream().map(Pending::draft).toList())));
      }
      for (int i = 0; i < changed.size(); i += size) {
        List<Pending> part = List.copyOf(changed.subList(i, Math.min(changed.size(), i + size)));
        List<NoteUpdate> these = List.copyOf(changes.subList(i, Math.min(changes.size(), i + size)));
        calls.add(new Call(part, () -> sink.update(these)));
      }
      if (!calls.isEmpty()) {
        out.add(calls);
      }
    }
    return out;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static SalesforceId find(Map<SalesforceId, SalesforceId> parent, SalesforceId id) {
    SalesforceId root = id;
    for (SalesforceId up = parent.get(root); up != null && !up.equals(root); up = parent.get(root)) {
      root = up;
    }
    // path compression
    SalesforceId at = id;
    while (!at.equals(root)) {
      SalesforceId up = parent.get(at);
      parent.put(at, root);
      at = up;
    }
    return root;
  }

  private static void union(Map<SalesforceId, SalesforceId> parent, SalesforceId a, SalesforceId b) {
    parent.putIfAbsent(a, a);
    parent.putIfAbsent(b, b);
    SalesforceId ra = find(parent, a);
    SalesforceId rb = find(parent, b);
    if (!ra.equals(rb)) {
      parent.put(rb, ra);
    }
  }

  /** What became of one call sent in a lane: its outcomes, what it threw, or nothing (not sent after a stop). */
  private record Sent(List<WriteOutcome> outcomes, Throwable thrown) {
    static final Sent NOT_SENT = new Sent(null, null);
  }

  /**
   * Sends each lane's calls in order, lane 1 on the calling thread and every other lane on a thread of its own; a
   * lane starts no further call once any call failed fatally (quota, credentials). Waits for every lane (no thread
   * outlives the batch), then accounts for every Note on this thread in {@code order} (the batch's: creates, then
   * updates), as one lane does; progress hears the Notes written once.
   */
  private void sendInLanes(List<List<Call>> laneCalls, List<Pending> order) {
    if (laneCalls.isEmpty()) {
      return;
    }
    java.util.concurrent.atomic.AtomicBoolean fatal = new java.util.concurrent.atomic.AtomicBoolean();
    List<Sent[]> results = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int l = 0; l < laneCalls.size(); l++) {
        List<Call> calls = laneCalls.get(l);
        Sent[] sent = new Sent[calls.size()];
        results.add(sent);
        if (l > 0) {
          Thread t = new Thread(() -> sendLane(calls, sent, fatal), LANE_THREAD + (l + 1));
          t.setDaemon(true);
          t.start(); // may throw OutOfMemoryError (no native thread): the lanes already started are still joined
          threads.add(t);
        }
      }
      sendLane(laneCalls.get(0), results.get(0), fatal);
    } catch (Error e) {
      fatal.set(true); // the lanes already started send no further call; the error ends the run
      throw e;
    } finally {
      joinAll(threads);
    }
    for (Sent[] sent : results) {
      for (Sent s : sent) {
        if (s.thrown() instanceof Error err) {
          throw err;
        }
      }
    }
    // what became of each Note, accounted below in the batch's order (as one lane would)
    Map<Pending, String> failure = new java.util.IdentityHashMap<>();
    Map<Pending, WriteOutcome> outcome = new java.util.IdentityHashMap<>();
    java.util.Set<Pending> notSent = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    ExternalSystemException stop = null;
    for (int l = 0; l < laneCalls.size(); l++) {
      List<Call> calls = laneCalls.get(l);
      Sent[] sent = results.get(l);
      for (int c = 0; c < calls.size(); c++) {
        Call call = calls.get(c);
        Sent s = sent[c];
        if (s == Sent.NOT_SENT) {
          notSent.addAll(call.part());
        } else if (s.thrown() instanceof ExternalSystemException e) {
          call.part().forEach(p -> failure.put(p, notDone() + e.getMessage()));
          if (e.fatalToRun() && stop == null) {
            stop = e;
          }
        } else if (s.thrown() != null) {
          // e.g. UnsupportedOperationException from a sink without update: this call's records fail, the run goes on
          String why = "not written: "
              + (s.thrown() instanceof RuntimeException re ? describe(re) : String.valueOf(s.thrown()));
          call.part().forEach(p -> failure.put(p, why));
        } else {
          Map<String, WriteOutcome> byExternalId = byExternalId(s.outcomes());
          for (Pending p : call.part()) {
            outcome.put(p, byExternalId.get(p.draft().externalId())); // null: no result, failed when accounted
          }
        }
      }
    }
    int written = 0;
    for (Pending p : order) {
      if (notSent.contains(p)) {
        // a call no lane started once another lane's call failed fatally: the run stops below
        failed(p, notDone() + stop.getMessage());
      } else if (failure.containsKey(p)) {
        failed(p, failure.get(p));
      } else if (accountOne(p, outcome.get(p))) {
        written++;
      }
    }
    progress.notesWritten(written);
    if (stop != null) {
      ledger.abort(stop.getMessage());
      throw new RunAborted();
    }
  }

  private void sendLane(List<Call> calls, Sent[] sent, java.util.concurrent.atomic.AtomicBoolean fatal) {
    for (int c = 0; c < calls.size(); c++) {
      if (fatal.get()) {
        sent[c] = Sent.NOT_SENT;
        continue;
      }
      try {
        sent[c] = new Sent(calls.get(c).send().get(), null);
      } catch (Throwable t) {
        sent[c] = new Sent(null, t);
        if (t instanceof Error || t instanceof ExternalSystemException e && e.fatalToRun()) {
          fatal.set(true);
        }
      }
    }
  }

  private static void joinAll(List<Thread> threads) {
    boolean interrupted = false;
    for (Thread t : threads) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Looks up, in calls of at most {@link NoteSink#maxLookupSize()} ids, each draft's external id and, for a text with
   * several Notes, its bare {@code rc_msg_{id}} and every {@code rc_msg_{id}_{caseId}}: the keys {@link #keyed}
   * decides from.
   */
  private Map<String, StoredNote> findExisting(List<Pending> rendered) {
    Set<String> ids = new LinkedHashSet<>();
    for (Pending p : rendered) {
      ids.add(p.draft().externalId());
      if (groupText(p)) {
        ids.add(p.draft().messageId().externalId());
        ids.add(p.draft().messageId().externalId(p.draft().caseId()));
      }
    }
    return sink.findExistingInBatches(List.copyOf(ids));
  }

  /**
   * Decides the keys of each group text's Notes (a text with several) from what exists, so a change of rank between
   * runs (a newer Matter, a closed one, a converted Intake) never puts a second Note on a record: an existing
   * {@code rc_msg_{id}} Note stays with the record its stored Matter/Intake lookup points to, whose draft takes that
   * key; every other record's draft is keyed {@code rc_msg_{id}_{caseId}} (all of them when that record is matched
   * no more). With no {@code rc_msg_{id}} Note, the best-ranked record whose {@code rc_msg_{id}_{caseId}} Note does
   * not exist yet takes it. Only the Notes of the text in this batch are seen (the pipeline keeps a text's Notes in
   * one batch unless they are more than a batch).
   */
  private static List<Pending> keyed(List<Pending> rendered, Map<String, StoredNote> existing) {
    Map<MessageId, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < rendered.size(); i++) {
      if (groupText(rendered.get(i))) {
        groups.computeIfAbsent(rendered.get(i).draft().messageId(), k -> new ArrayList<>()).add(i);
      }
    }
    if (groups.isEmpty()) {
      return rendered;
    }
    List<Pending> out = new ArrayList<>(rendered);
    for (Map.Entry<MessageId, List<Integer>> g : groups.entrySet()) {
      StoredNote bare = existing.get(g.getKey().externalId());
      int takesBare = -1;
      if (bare != null) {
        for (int i : g.getValue()) {
          NoteDraft d = rendered.get(i).draft();
          Optional<SalesforceId> stored = d.kind() == CaseKind.MATTER ? bare.matter() : bare.intake();
          if (stored.equals(Optional.of(d.caseId()))) {
            takesBare = i;
            break;
          }
        }
      } else {
        // drafted in rank order: the first whose own further Note does not exist yet
        List<Integer> byRank = new ArrayList<>(g.getValue());
        byRank.sort(Comparator.comparing((Integer i) -> rendered.get(i).draft().furtherOfGroup()));
        for (int i : byRank) {
          NoteDraft d = rendered.get(i).draft();
          if (!existing.containsKey(d.messageId().externalId(d.caseId()))) {
            takesBare = i;
            break;
          }
        }
      }
      for (int i : g.getValue()) {
        Pending p = out.get(i);
        out.set(i, p.withDraft(p.draft().keyedAsFurther(i != takesBare)));
      }
    }
    return out;
  }

  /**
   * A RingCentral text with several Notes (one per matched record), keyed by what exists. An SMS-Magic record (issue
   * 15) is never one: it has one counterparty and one Note, {@code smsmagic_{record Id}}, looked up by that key alone.
   */
  private static boolean groupText(Pending p) {
    return p.notesOfText() > 1 && p.draft().messageId().mayBeGroupText();
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName() : e.getMessage();
  }

  /** One write call and the records it carries. */
  private record Call(List<Pending> part, Supplier<List<WriteOutcome>> send) {}

  private void write(Call call) {
    account(call, call.send().get());
  }

  /** Accounts for one call's per-record outcomes (a record without one failed) and tells the progress listener. */
  private void account(Call call, List<WriteOutcome> outcomes) {
    Map<String, WriteOutcome> byExternalId = byExternalId(outcomes);
    int written = 0;
    for (Pending p : call.part()) {
      if (accountOne(p, byExternalId.get(p.draft().externalId()))) {
        written++;
      }
    }
    progress.notesWritten(written);
  }

  /** A call's per-record outcomes by the external id each answers for. */
  private static Map<String, WriteOutcome> byExternalId(List<WriteOutcome> outcomes) {
    Map<String, WriteOutcome> out = new HashMap<>();
    for (WriteOutcome o : outcomes) {
      out.put(o.externalId(), o);
    }
    return out;
  }

  /**
   * Accounts for one record's outcome of a sent call: none (the call returned no result for it) or a refusal fails it,
   * a success matches it and counts it written. One lane and several lanes account the same way.
   *
   * @return whether the record was written
   */
  private boolean accountOne(Pending p, WriteOutcome o) {
    if (o == null) {
      failed(p, "no result returned for this record");
      return false;
    }
    if (!o.succeeded()) {
      failed(p, o.describeError());
      return false;
    }
    matched(p, o.id());
    ledger.written(p.target(), o.status());
    return true;
  }

  private void wholeCallFailed(List<Pending> part, ExternalSystemException e) {
    for (Pending p : part) {
      failed(p, notDone() + e.getMessage());
    }
    if (e.fatalToRun()) {
      ledger.abort(e.getMessage());
      throw new RunAborted();
    }
  }

  /** How a record that a failed lookup stopped is described: a dry run would not have written it anyway. */
  private String notDone() {
    return dryRun ? "not looked up: " : "not written: ";
  }

  private void matched(Pending p, Optional<SalesforceId> id) {
    ledger.noteMatched(p);
    Optional<SalesforceId> caseId = storedCase.getOrDefault(p.draft().externalId(), Optional.of(p.draft().caseId()));
    done.add(new NoteWrittenHook.Written(p, id, caseId));
  }

  /**
   * The Matter/Intake an existing Note points to as stored (staff may have moved it): the lookup of the draft's kind,
   * else the other one; empty when both are empty.
   */
  private static Optional<SalesforceId> currentCase(StoredNote stored, NoteDraft draft) {
    return draft.kind() == CaseKind.MATTER ? stored.matter().or(stored::intake) : stored.intake().or(stored::matter);
  }

  private void failed(Pending p, String reason) {
    ledger.noteFailed(p, reason);
  }
}
