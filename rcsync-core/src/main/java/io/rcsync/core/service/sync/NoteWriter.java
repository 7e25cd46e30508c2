package io.rcsync.core.service.sync;

import io.rcsync.core.domain.WriteOutcome;
import io.rcsync.core.port.in.ProgressListener;
import io.rcsync.core.port.out.ExternalSystemException;
import io.rcsync.core.port.out.NoteSink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Notes through the {@link NoteSink}, one upsert call per batch of up to {@link NoteSink#maxBatchSize()}, and
 * accounts for each record: matched and created or updated when written; failed with the record's own error, "no
 * result returned for this record", or, when the whole call failed, "not written: ...". A dry run writes nothing and
 * counts every Note as matched.
 *
 * <p>A call that fails with a quota or authentication error stops the run (no further call can succeed); other
 * failed calls lose only their batch. Reports the Notes written per call to the {@link ProgressListener}.
 */
public final class NoteWriter implements NoteBatches {
  private final NoteSink sink;
  private final boolean dryRun;
  private final RunLedger ledger;
  private final ProgressListener progress;

  /**
   * Bound to one run's ledger: make one per run and do not reuse it across runs.
   *
   * @param sink where Notes are upserted; its {@link NoteSink#maxBatchSize()} is the batch size (200 for sObject
   *     Collections)
   * @param dryRun true to write nothing and count each Note's text as matched, as if written
   * @param ledger the run's ledger: every Note taken ends there as matched (plus created/updated) or failed
   * @param progress told how many Notes each call wrote ({@link ProgressListener#NONE} for none)
   */
  public NoteWriter(NoteSink sink, boolean dryRun, RunLedger ledger, ProgressListener progress) {
    this.sink = sink;
    this.dryRun = dryRun;
    this.ledger = ledger;
    this.progress = progress;
  }

  @Override
  public int batchSize() {
    return sink.maxBatchSize();
  }

  @Override
  public void take(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    if (dryRun) {
      for (Pending p : batch) {
        matched(p);
      }
      return;
    }
    List<WriteOutcome> outcomes;
    try {
      outcomes = sink.upsert(batch.stream().map(Pending::draft).toList());
    } catch (ExternalSystemException e) {
      for (Pending p : batch) {
        failed(p, "not written: " + e.getMessage());
      }
      if (e.fatalToRun()) {
        ledger.abort(e.getMessage());
        throw new RunAborted();
      }
      return;
    }
    Map<String, WriteOutcome> byExternalId = new HashMap<>();
    for (WriteOutcome o : outcomes) {
      byExternalId.put(o.externalId(), o);
    }
    int written = 0;
    for (Pending p : batch) {
      WriteOutcome o = byExternalId.get(p.draft().externalId());
      if (o == null) {
        failed(p, "no result returned for this record");
      } else if (!o.succeeded()) {
        failed(p, o.describeError());
      } else {
        matched(p);
        written++;
        ledger.written(p.target(), o.status());
      }
    }
    progress.notesWritten(written);
  }

  private void matched(Pending p) {
    ledger.noteMatched(p);
  }

  private void failed(Pending p, String reason) {
    ledger.noteFailed(p, reason);
  }
}
