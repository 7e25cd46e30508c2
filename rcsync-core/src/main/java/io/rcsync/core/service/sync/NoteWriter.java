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
 *       group text also its {@code rc_msg_{id}} and each {@code rc_msg_{id}_{caseId}}, and keys its drafts by them;
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
  private final NoteSink sink;
  private final boolean dryRun;
  private final RunLedger ledger;
  private final ProgressListener progress;
  private final NoteFieldOwnership ownership;
  private final NoteWrittenHook hook;
  /** The Notes of the batch being taken that exist, for the {@link #hook}. */
  private final List<NoteWrittenHook.Written> done = new ArrayList<>();
  /** Existing Notes of the batch being taken whose Matter/Intake stays as stored, by external id (empty: none). */
  private final Map<String, Optional<SalesforceId>> storedCase = new HashMap<>();
  private NoteBodyFormat bodyFormat;
  private boolean warnedNoLookup;
  private boolean warnedRelink;
  /** Existing Notes whose OWNER or CASE_LINK this run would rewrite (counted in every run, reported by a dry run). */
  private long relinked;

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
    return Math.max(1, dryRun && !sink.findsExisting() ? sink.maxBatchSize() : sink.maxLookupSize());
  }

  /**
   * After the last batch of a dry run: when existing Notes' owner or Matter/Intake lookups would be rewritten
   * ({@code --relink}), adds one run warning with their count, "--relink would rewrite the owner or Matter/Intake of
   * N existing Note(s)", so the operator sees how many staff corrections a relink overwrites before running it.
   * Nothing when there are none, and nothing in a real run (its {@code updated} count says what was rewritten).
   */
  @Override
  public void finish() {
    if (dryRun && relinked > 0 && !warnedRelink) {
      warnedRelink = true;
      ledger.warn("--relink would rewrite the owner or Matter/Intake of " + relinked + " existing Note(s)");
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
   * Looks up, in calls of at most {@link NoteSink#maxLookupSize()} ids, each draft's external id and, for a text with
   * several Notes, its bare {@code rc_msg_{id}} and every {@code rc_msg_{id}_{caseId}}: the keys {@link #keyed}
   * decides from.
   */
  private Map<String, StoredNote> findExisting(List<Pending> rendered) {
    Set<String> ids = new LinkedHashSet<>();
    for (Pending p : rendered) {
      ids.add(p.draft().externalId());
      if (p.notesOfText() > 1) {
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
      if (rendered.get(i).notesOfText() > 1) {
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

  private static String describe(RuntimeException e) {
    return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName() : e.getMessage();
  }

  /** One write call and the records it carries. */
  private record Call(List<Pending> part, Supplier<List<WriteOutcome>> send) {}

  private void write(Call call) {
    List<WriteOutcome> outcomes = call.send().get();
    Map<String, WriteOutcome> byExternalId = new HashMap<>();
    for (WriteOutcome o : outcomes) {
      byExternalId.put(o.externalId(), o);
    }
    int written = 0;
    for (Pending p : call.part()) {
      WriteOutcome o = byExternalId.get(p.draft().externalId());
      if (o == null) {
        failed(p, "no result returned for this record");
      } else if (!o.succeeded()) {
        failed(p, o.describeError());
      } else {
        matched(p, o.id());
        written++;
        ledger.written(p.target(), o.status());
      }
    }
    progress.notesWritten(written);
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
