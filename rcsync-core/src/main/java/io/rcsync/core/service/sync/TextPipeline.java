package io.rcsync.core.service.sync;

import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SmsMessage;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Carries fetched texts through the steps in batches, so API calls grow with numbers and Notes, not with texts or
 * extensions: each text is classified ({@link TextClassifier}); texts needing a lookup gather in a chunk of up to
 * {@code chunkSize} across extensions, whose new numbers are looked up in one call ({@link CaseMatcher}); each
 * matched text becomes a {@link NoteDraft} (owner, topic by direction, body, lookup) queued for
 * {@link NoteBatches} in full batches that may span extensions. {@link #finish} sends what is left.
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
  private final List<Waiting> chunk = new ArrayList<>();
  private final List<NoteBatches.Pending> pending = new ArrayList<>();

  /** A text waiting for its numbers to be looked up. */
  private record Waiting(SyncTarget target, SmsMessage message, List<PhoneNumber> numbers) {}

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
    this.ledger = ledger;
    this.classifier = classifier;
    this.matcher = matcher;
    this.topics = topics;
    this.chunkSize = chunkSize;
    this.notes = notes;
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
      classify(t, m);
    } catch (RunAborted e) {
      // recorded in the ledger; later texts are failed as not processed
    }
  }

  /** Looks up and hands on what is still gathered, unless the run stopped; fails what is left then. */
  public void finish() {
    try {
      if (!ledger.stopped()) {
        lookUpChunk();
        while (!pending.isEmpty()) {
          handOn();
        }
      }
    } catch (RunAborted e) {
      // recorded
    }
    for (Waiting w : chunk) {
      ledger.failedAfterStop(w.target(), w.message(), w.numbers().get(0).digits());
    }
    chunk.clear();
    for (NoteBatches.Pending p : pending) {
      ledger.failedAfterStop(p.target(), p.message(), p.draft().counterparty().digits());
    }
    pending.clear();
  }

  private void classify(SyncTarget t, SmsMessage m) {
    TextClassifier.Verdict verdict = classifier.classify(m);
    if (verdict instanceof TextClassifier.Duplicate) {
      ledger.duplicate();
      return;
    }
    ledger.fetched(t);
    if (verdict instanceof TextClassifier.IntakerLead) {
      ledger.intakerFiltered(t);
    } else if (verdict instanceof TextClassifier.Unmatched u) {
      ledger.unmatched(t, m, u.counterparty(), u.reason());
    } else {
      chunk.add(new Waiting(t, m, ((TextClassifier.NeedsLookup) verdict).numbers()));
      if (chunk.size() >= chunkSize) {
        lookUpChunk();
      }
    }
  }

  private void lookUpChunk() {
    if (chunk.isEmpty()) {
      return;
    }
    List<Waiting> ready = List.copyOf(chunk);
    chunk.clear();
    try {
      matcher.lookUp(ready.stream().map(Waiting::numbers).toList());
    } catch (ExternalSystemException e) {
      for (Waiting w : ready) {
        ledger.failed(w.target(), w.message(), w.numbers().get(0).digits(), "Matter/Intake lookup failed: " + e.getMessage());
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
    while (pending.size() >= notes.batchSize()) {
      handOn();
    }
  }

  private void draft(Waiting w) {
    SyncTarget t = w.target();
    SmsMessage m = w.message();
    Optional<CaseMatcher.Match> match = matcher.match(w.numbers());
    if (match.isEmpty()) {
      String nums = String.join(" ", w.numbers().stream().map(PhoneNumber::digits).toList());
      ledger.unmatched(t, m, nums, "no Matter or Intake holds this number");
      return;
    }
    if (t.owner().isEmpty()) {
      ledger.failed(t, m, w.numbers().get(0).digits(),
          "roster member " + t.staffName() + " has no sfUserId: add it to the config so the Note gets the right owner");
      return;
    }
    CaseMatcher.Match found = match.get();
    NoteDraft draft = new NoteDraft(m.id(), t.extension(), t.owner().get(), topics.topicFor(m.direction()), body(m),
        found.chosen().kind(), found.chosen().id(), m.creationTime(), m.direction(), found.counterparty());
    pending.add(new NoteBatches.Pending(t, m, draft, found.ambiguous()));
  }

  /** Hands the oldest full batch (or what is left) to the Notes stage. */
  private void handOn() {
    List<NoteBatches.Pending> batch = new ArrayList<>(pending.subList(0, Math.min(notes.batchSize(), pending.size())));
    pending.subList(0, batch.size()).clear();
    notes.take(batch);
  }

  private static String body(SmsMessage m) {
    if (m.text().isBlank() && !m.attachments().isEmpty()) {
      return "(MMS with " + m.attachments().size() + " attachment(s))";
    }
    return m.text();
  }
}
