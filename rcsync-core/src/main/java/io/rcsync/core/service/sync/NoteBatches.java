package io.rcsync.core.service.sync;

import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.SmsMessage;
import java.util.List;

/**
 * Where a {@link TextPipeline} hands its Notes: in batches of at most {@link #batchSize()}, which may span
 * extensions. The sync writes them ({@link NoteWriter}); verification only collects them.
 */
public interface NoteBatches {
  /** A Note ready to write, with the text and target it comes from. */
  record Pending(SyncTarget target, SmsMessage message, NoteDraft draft, boolean ambiguous) {}

  /** The most Notes one {@link #take} gets. */
  int batchSize();

  /**
   * Takes one batch. Implementations account for every Note in the run's ledger and, when the run must stop,
   * abort the ledger and throw the package's {@code RunAborted}.
   */
  void take(List<Pending> batch);
}
