package io.rcsync.core.port.out;

import io.rcsync.core.domain.NoteDraft;
import io.rcsync.core.domain.WriteOutcome;
import java.util.List;

/**
 * Where Notes are written: an idempotent upsert keyed by each Note's external id.
 *
 * <p>Returns one outcome per draft (any order, keyed by external id); a record-level error never hides the
 * others. Core passes at most {@link #maxBatchSize()} drafts a call. Throws {@link ExternalSystemException}
 * when nothing of the batch could be written (quota spent, authentication lost, service down).
 */
public interface NoteSink {
  List<WriteOutcome> upsert(List<NoteDraft> notes);

  /** The most drafts one call accepts (Salesforce sObject Collections: 200). */
  default int maxBatchSize() {
    return 200;
  }
}
