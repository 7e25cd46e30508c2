package io.rcsync.core.service.sync;

import io.rcsync.core.domain.SalesforceId;
import java.util.List;
import java.util.Optional;

/**
 * Told by the {@link NoteWriter}, once per batch, which Notes exist after it (created, updated or found unchanged; in a
 * dry run, those that would): the step that copies MMS media into Salesforce Files ({@link FileCopier}) hangs here.
 * Notes that failed are not passed: their text is failed and retried as a whole.
 */
public interface NoteWrittenHook {
  /**
   * One Note that exists (or, in a dry run, would).
   *
   * @param note the pending Note as written (its draft keyed as the Note is)
   * @param noteId the Note's Salesforce id; empty in a dry run for a Note that would be created, or when the sink
   *     does not find existing Notes in a dry run
   * @param caseId the Matter/Intake the Note points to after the write, as Salesforce holds it: the draft's for a
   *     Note created (or relinked by {@code --relink}); for an existing Note its stored Matter/Intake lookup, which
   *     staff may have corrected (after creation rcsync does not own the case link, {@code NoteFieldOwnership});
   *     empty when staff cleared it. Files follow it ({@link FileCopier}).
   */
  record Written(NoteBatches.Pending note, Optional<SalesforceId> noteId, Optional<SalesforceId> caseId) {
    /** A Note on its draft's Matter/Intake (created, or found where the draft puts it). */
    public Written(NoteBatches.Pending note, Optional<SalesforceId> noteId) {
      this(note, noteId, Optional.of(note.draft().caseId()));
    }
  }

  /** Does nothing. */
  NoteWrittenHook NONE = new NoteWrittenHook() {
    @Override
    public void written(List<Written> batch) {}

    @Override
    public void notProcessed(List<Written> batch) {}
  };

  /**
   * The Notes of one batch that exist. Implementations account for what they do in the run's ledger and, when the run
   * must stop, abort the ledger and throw the package's {@code RunAborted}.
   */
  void written(List<Written> batch);

  /** The Notes of a batch that exist, when the run stopped before {@link #written} could run for them. */
  void notProcessed(List<Written> batch);
}
