package io.rcsync.core.service.sync;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.domain.UnmatchedText;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries fetched texts through the steps in batches, so API calls grow with numbers and Notes, not with texts or
 * extensions: each text is classified ({@link TextClassifier}); texts needing a lookup gather in a chunk of up to
 * {@code chunkSize} across extensions, whose new numbers are looked up in one call ({@link CaseMatcher}); each
 * matched text becomes one {@link NoteDraft} per distinct Matter/Intake it belongs to (owner, topic by direction or
 * delivery failure, body, lookup; a group text on several records gets one Note each, drafted with the best match's
 * keyed {@code rc_msg_{id}} and each further one {@code rc_msg_{id}_{caseId}}, which {@link NoteWriter} re-keys by
 * the Notes that already exist) queued for {@link NoteBatches} in full batches
 * that may span extensions. {@link #finish} sends what is left. Texts on the late-match list join through
 * {@link #acceptLate}, so their numbers are looked up in the same batched calls.
 *
 * <p>Every text ends in the {@link RunLedger}. A failed lookup fails its chunk; one that is fatal to the run (quota,
 * credentials) stops it, and texts still waiting when it stops are failed as not processed.
 */
public final class TextPipeline {
  private final RunLedger ledger;
  private final TextClassifier classifier;
  private final CaseMatcher matcher;
  private final TopicMap topics;
  private final int chunkSize;
  private final NoteBatches notes;
  private final Runnable beforeCalls;
  private final List<Waiting> chunk = new ArrayList<>();
  private final List<NoteBatches.Pending> pending = new ArrayList<>();
  /** Texts whose own Matter/Intake lookup named no Matter or Intake of the org, and the first few (key and lookup). */
  private long notOnRecord;
  private final List<String> notOnRecordSamples = new ArrayList<>();
  private static final int SAMPLES = 3;

  /**
   * A text waiting for its numbers to be looked up; or, with {@code onRecord}, for its chunk only (its record is
   * known, issue 15), {@code numbers} then being the text's valid numbers, possibly none.
   */
  private record Waiting(SyncTarget target, SmsMessage message, List<PhoneNumber> numbers, boolean late,
      Optional<OnRecord> onRecord) {
    Waiting(SyncTarget target, SmsMessage message, List<PhoneNumber> numbers, boolean late) {
      this(target, message, numbers, late, Optional.empty());
    }

    /** The number reports show for the text: its first valid one, else the raw counterparties. */
    String shownCounterparty() {
      return numbers.isEmpty() ? String.join(" ", message.counterparties()) : numbers.get(0).digits();
    }
  }

  /** The Matter or Intake a text's own source names (an SMS-Magic record's lookup): it wins over the phone match. */
  private record OnRecord(CaseKind kind, SalesforceId id) {}

  /**
   * Holds per-run state (texts waiting for their lookup, Notes waiting for a full batch): make one per run, with the
   * run's own ledger, classifier, matcher and Note stage, call {@link #finish} once after the last {@link #accept},
   * and do not reuse it across runs.
   *
   * @param ledger the run's ledger, where every accepted text ends
   * @param classifier the run's classifier (it remembers the ids seen, for the dedupe)
   * @param matcher the run's matcher (it caches each number's decision)
   * @param topics the Note topic by direction ({@code topicMap})
   * @param chunkSize texts gathered, across extensions, before their numbers are looked up in one call (at least 1,
   *     which looks each text up on its own; {@code SyncSettings.chunkSize()} in a sync)
   * @param notes where full batches of {@code notes.batchSize()} Notes go: the sync's {@link NoteWriter}, or the
   *     collector of a verification
   */
  public TextPipeline(RunLedger ledger, TextClassifier classifier, CaseMatcher matcher, TopicMap topics, int chunkSize,
      NoteBatches notes) {
    this(ledger, classifier, matcher, topics, chunkSize, notes, () -> { });
  }

  /**
   * As above, running {@code beforeCalls} before each chunk's lookup and each batch handed to {@code notes}; when the
   * ledger has stopped after it, that lookup or batch is not made and its texts are failed as not processed by
   * {@link #finish}. The sync passes {@link FetchHandoff#heedInterrupt}, so an interrupted run makes no further
   * Salesforce call once its worker sees the interrupt.
   */
  public TextPipeline(RunLedger ledger, TextClassifier classifier, CaseMatcher matcher, TopicMap topics, int chunkSize,
      NoteBatches notes, Runnable beforeCalls) {
    this.ledger = ledger;
    this.classifier = classifier;
    this.matcher = matcher;
    this.topics = topics;
    this.chunkSize = chunkSize;
    this.notes = notes;
    this.beforeCalls = beforeCalls;
  }

  /**
   * Takes one fetched text of the target. Once the run has stopped, a text not seen before is counted as fetched
   * and failed as not processed, so every delivered text is in the report.
   */
  public void accept(SyncTarget t, SmsMessage m) {
    if (ledger.stopped()) {
      if (classifier.firstSighting(m.id())) {
        ledger.fetchedAfterStop(t, m);
      }
      return;
    }
    try {
      classify(t, m, false);
    } catch (RunAborted e) {
      // recorded in the ledger; later texts are failed as not processed
    }
  }

  /**
   * Takes one text of the target's late-match list (unmatched in an earlier run) to look again. A text already
   * delivered by this run's fetch is left to that copy. Its numbers join the current chunk; it is counted (fetched
   * and matched, matchedLate) only when it matches or fails, and kept on the list when it still matches nothing.
   * Once the run has stopped it is only kept.
   */
  public void acceptLate(SyncTarget t, UnmatchedText text) {
    if (ledger.stopped()) {
      if (!classifier.seen().contains(text.id())) {
        ledger.keepForLateMatch(text);
      }
      return;
    }
    try {
      classify(t, text.toMessage(), true);
    } catch (RunAborted e) {
      // recorded
    }
  }

  /**
   * Takes one text whose Matter or Intake its source already names (issue 15: an SMS-Magic record's own lookup),
   * which wins over the phone match: the text is classified as any other (a repeat is a duplicate; an Intaker lead is
   * filtered; a text purged or still being sent is counted so), but instead of a lookup it gets one Note on
   * {@code caseId}, whatever its numbers (none is needed). It waits in the current chunk, so its Note goes out in
   * the same batches and order as the looked-up texts'. Once the run has stopped it is counted as
   * {@link #accept} counts it.
   *
   * @param kind whether {@code caseId} is a Matter or an Intake
   */
  public void acceptOnRecord(SyncTarget t, SmsMessage m, CaseKind kind, SalesforceId caseId) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(caseId, "caseId");
    if (ledger.stopped()) {
      if (classifier.firstSighting(m.id())) {
        ledger.fetchedAfterStop(t, m);
      }
      return;
    }
    try {
      TextClassifier.Verdict verdict = classifier.classify(m);
      if (verdict instanceof TextClassifier.Duplicate) {
        ledger.duplicate();
        return;
      }
      ledger.fetched(t);
      if (verdict instanceof TextClassifier.Purged) {
        ledger.purged(t);
      } else if (verdict instanceof TextClassifier.IntakerLead) {
        ledger.intakerFiltered(t);
      } else if (verdict instanceof TextClassifier.Held) {
        ledger.held(t, m);
      } else {
        List<PhoneNumber> numbers = verdict instanceof TextClassifier.NeedsLookup n ? n.numbers() : List.of();
        chunk.add(new Waiting(t, m, numbers, false, Optional.of(new OnRecord(kind, caseId))));
        if (chunk.size() >= chunkSize) {
          lookUpChunk();
        }
      }
    } catch (RunAborted e) {
      // recorded
    }
  }

  /**
   * Looks up and hands on what is still gathered, unless the run stopped; fails what is left then. Warns once when
   * texts' own Matter/Intake lookups named records that are not Matters or Intakes of the org.
   */
  public void finish() {
    try {
      finishChunks();
    } finally {
      if (notOnRecord > 0) {
        ledger.warn(notOnRecord + " record(s) name a Matter/Intake that is not one of the org (deleted, or another"
            + " object's Id), e.g. " + String.join(", ", notOnRecordSamples) + (notOnRecord > SAMPLES ? ", …" : "")
            + ": matched by phone number instead; correct the lookup on the record, or the lookup field in"
            + " smsmagic.objects if it names the wrong field");
      }
    }
  }

  private void finishChunks() {
    try {
      if (!ledger.stopped()) {
        lookUpChunk();
        while (!pending.isEmpty() && goOn()) {
          handOn();
        }
      }
    } catch (RunAborted e) {
      // recorded
    }
    for (Waiting w : chunk) {
      if (w.late()) {
        ledger.fetchedLate(w.target());
      }
      ledger.failedAfterStop(w.target(), w.message(), w.shownCounterparty());
    }
    chunk.clear();
    for (NoteBatches.Pending p : pending) {
      ledger.noteNotProcessed(p);
    }
    pending.clear();
    notes.finish();
  }

  private void classify(SyncTarget t, SmsMessage m, boolean late) {
    TextClassifier.Verdict verdict = classifier.classify(m);
    if (verdict instanceof TextClassifier.Duplicate) {
      if (!late) {
        ledger.duplicate();
      }
      return;
    }
    if (late && verdict instanceof TextClassifier.NeedsLookup) {
      ledger.late(m.id());
    } else {
      ledger.fetched(t);
    }
    if (verdict instanceof TextClassifier.Purged) {
      ledger.purged(t);
    } else if (verdict instanceof TextClassifier.IntakerLead) {
      ledger.intakerFiltered(t);
    } else if (verdict instanceof TextClassifier.Unmatched u) {
      ledger.unmatched(t, m, u.counterparty(), u.reason());
    } else if (verdict instanceof TextClassifier.Held) {
      ledger.held(t, m);
    } else {
      chunk.add(new Waiting(t, m, ((TextClassifier.NeedsLookup) verdict).numbers(), ledger.isLate(m.id())));
      if (chunk.size() >= chunkSize) {
        lookUpChunk();
      }
    }
  }

  /** Runs {@link #beforeCalls}; whether the run still goes on (a stop leaves what waits to {@link #finish}). */
  private boolean goOn() {
    beforeCalls.run();
    return !ledger.stopped();
  }

  private void lookUpChunk() {
    if (chunk.isEmpty() || !goOn()) {
      return;
    }
    List<Waiting> ready = List.copyOf(chunk);
    chunk.clear();
    try {
      notes.expect(ready.stream().map(w -> w.message().id()).toList(),
          ready.stream().filter(w -> w.numbers().size() > 1).map(w -> w.message().id()).toList());
      ready = checkOwnRecords(ready);
      matcher.lookUp(ready.stream().filter(w -> w.onRecord().isEmpty()).map(Waiting::numbers).toList());
    } catch (ExternalSystemException e) {
      for (Waiting w : ready) {
        if (w.late()) {
          ledger.fetchedLate(w.target());
        }
        ledger.failed(w.target(), w.message(), w.shownCounterparty(), "Matter/Intake lookup failed: " + e.getMessage());
      }
      if (e.fatalToRun()) {
        ledger.abort(e.getMessage());
        throw new RunAborted();
      }
      return;
    }
    for (Waiting w : ready) {
      draft(w);
    }
    while (pending.size() >= notes.batchSize() && goOn()) {
      handOn();
    }
  }

  /**
   * The chunk with each text's own Matter/Intake checked in one batched directory call ({@link CaseMatcher#kindsOf}):
   * a text whose record is a Matter or Intake of the org goes on it (as the kind the org says it is); one whose
   * record is neither (deleted, or another object's Id such as a 005 User) falls back to the phone match, counted for
   * {@link #finish}'s one warning line, instead of failing at the write with Salesforce's INVALID_CROSS_REFERENCE_KEY
   * or FIELD_INTEGRITY_EXCEPTION per record. Unchanged when no text names its record or the directory cannot tell.
   */
  private List<Waiting> checkOwnRecords(List<Waiting> ready) {
    List<SalesforceId> ids = new ArrayList<>();
    for (Waiting w : ready) {
      w.onRecord().ifPresent(on -> ids.add(on.id()));
    }
    if (ids.isEmpty()) {
      return ready;
    }
    Optional<java.util.Map<String, CaseKind>> kinds = matcher.kindsOf(ids);
    if (kinds.isEmpty()) {
      return ready;
    }
    List<Waiting> out = new ArrayList<>(ready.size());
    for (Waiting w : ready) {
      if (w.onRecord().isEmpty()) {
        out.add(w);
        continue;
      }
      OnRecord on = w.onRecord().get();
      CaseKind kind = kinds.get().get(on.id().shortForm());
      if (kind == null) {
        if (notOnRecord++ < SAMPLES) {
          notOnRecordSamples.add(w.message().id().externalId() + " (" + on.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " lookup " + on.id().value() + ")");
        }
        out.add(new Waiting(w.target(), w.message(), w.numbers(), w.late(), Optional.empty()));
      } else {
        out.add(kind == on.kind() ? w : new Waiting(w.target(), w.message(), w.numbers(), w.late(),
            Optional.of(new OnRecord(kind, on.id()))));
      }
    }
    return out;
  }

  private void draft(Waiting w) {
    SyncTarget t = w.target();
    SmsMessage m = w.message();
    if (w.onRecord().isPresent()) {
      if (t.owner().isEmpty()) {
        ledger.failed(t, m, w.shownCounterparty(), "no owner for the Note: set one so it gets the right owner");
        return;
      }
      OnRecord on = w.onRecord().get();
      NoteDraft draft = new NoteDraft(m.id(), t.extension(), t.owner().get(), topics.topicFor(m), body(m), on.kind(),
          on.id(), m.creationTime(), m.direction(), w.numbers().isEmpty() ? null : w.numbers().get(0), false);
      pending.add(new NoteBatches.Pending(t, m, draft, false, on.kind(), 1, false));
      return;
    }
    if (w.numbers().isEmpty()) {
      // only a text whose own record was not one (checkOwnRecords) comes here without a number to match by
      ledger.unmatched(t, m, w.shownCounterparty(), "its own Matter/Intake lookup names no Matter or Intake of the"
          + " org, and it has no valid US number to match by phone");
      return;
    }
    List<CaseMatcher.Match> matches = matcher.matchAll(w.numbers());
    if (matches.isEmpty()) {
      ledger.noHolder(t, m, String.join(" ", w.numbers().stream().map(PhoneNumber::digits).toList()));
      return;
    }
    if (w.late()) {
      ledger.fetchedLate(t);
    }
    if (t.owner().isEmpty()) {
      ledger.failed(t, m, w.shownCounterparty(),
          "roster member " + t.staffName() + " has no sfUserId: add it to the config so the Note gets the right owner");
      return;
    }
    CaseMatcher.Match best = matches.get(0);
    for (int i = 0; i < matches.size(); i++) {
      CaseMatcher.Match found = matches.get(i);
      NoteDraft draft = new NoteDraft(m.id(), t.extension(), t.owner().get(), topics.topicFor(m), body(m),
          found.chosen().kind(), found.chosen().id(), m.creationTime(), m.direction(), found.counterparty(), i > 0);
      pending.add(new NoteBatches.Pending(t, m, draft, best.ambiguous(), best.chosen().kind(), matches.size(), w.late()));
    }
  }

  /**
   * Hands the oldest full batch (or what is left) to the Notes stage. A group text's Notes stay in one batch (the
   * batch ends before them) unless they alone are more than a batch, so the writer sees all of a text's existing keys.
   */
  private void handOn() {
    int end = Math.min(notes.batchSize(), pending.size());
    if (end < pending.size()) {
      int cut = end;
      while (cut > 0 && pending.get(cut - 1).message().id().equals(pending.get(end).message().id())) {
        cut--;
      }
      if (cut > 0) {
        end = cut;
      }
    }
    List<NoteBatches.Pending> batch = new ArrayList<>(pending.subList(0, end));
    pending.subList(0, batch.size()).clear();
    notes.take(batch);
  }

  private static String body(SmsMessage m) {
    return MmsNoteBody.of(m);
  }
}
