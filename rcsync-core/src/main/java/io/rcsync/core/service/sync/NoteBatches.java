package io.rcsync.core.service.sync;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.MessageId;
import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.SmsMessage;
import java.util.List;

/**
 * Where a {@link TextPipeline} hands its Notes: in batches of at most {@link #batchSize()}, which may span
 * extensions. The sync writes them ({@link NoteWriter}); verification only collects them.
 */
public interface NoteBatches {
  /**
   * A Note ready to write, with the text and target it comes from.
   *
   * @param ambiguous the text's best match was ambiguous (counted once per text)
   * @param bestKind the kind of the text's best match, which the text is counted under (matchedMatter/Intake)
   * @param notesOfText how many Notes the text has (more than 1 for a group text on several records); the text is
   *     counted once, when the last of them is accounted for ({@link RunLedger#noteMatched}/{@link RunLedger#noteFailed})
   * @param late the text was unmatched in an earlier run and is matched now (counted in matchedLate)
   */
  record Pending(SyncTarget target, SmsMessage message, NoteDraft draft, boolean ambiguous, CaseKind bestKind,
      int notesOfText, boolean late) {
    /** A text's only Note. */
    public Pending(SyncTarget target, SmsMessage message, NoteDraft draft, boolean ambiguous) {
      this(target, message, draft, ambiguous, draft.kind(), 1, false);
    }

    /** The same pending Note with another draft (e.g. its body rendered for the field type); the rest kept. */
    public Pending withDraft(NoteDraft other) {
      return new Pending(target, message, other, ambiguous, bestKind, notesOfText, late);
    }
  }

  /**
   * Told before a chunk of texts is looked up: their Notes may follow in later batches ({@link
   * io.rcsync.core.port.out.NoteSink#expect}). Does nothing by default.
   *
   * @param texts the chunk's texts
   * @param groupTexts those with several counterparty numbers
   */
  default void expect(List<MessageId> texts, List<MessageId> groupTexts) {}

  /** The most Notes one {@link #take} gets. */
  int batchSize();

  /**
   * Takes one batch. Implementations account for every Note in the run's ledger and, when the run must stop,
   * abort the ledger and throw the package's {@code RunAborted}.
   */
  void take(List<Pending> batch);

  /**
   * Called once after the last {@link #take} (also when the run stopped), e.g. to add a summary warning to the run's
   * ledger. Does nothing by default.
   */
  default void finish() {}
}
