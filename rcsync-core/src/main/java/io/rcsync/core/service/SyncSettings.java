package io.rcsync.core.service;

import io.rcsync.core.domain.AttachmentPolicy;
import io.rcsync.core.domain.IntakerFilter;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.Roster;
import io.rcsync.core.domain.TopicMap;
import io.rcsync.core.service.sync.FetchHandoff;
import java.time.Duration;
import java.util.Objects;

/**
 * The rules a sync applies, independent of where messages come from or go.
 *
 * @param lookback overlap an incremental run re-reads before each watermark (hot-tier lookbackMinutes)
 * @param chunkSize messages gathered (across extensions) before their numbers are looked up in one batch;
 *     bounds memory and keeps Salesforce calls per message low
 * @param unmatchedRetry how long after its RingCentral {@code creationTime} an unmatched text stays on the
 *     late-match list that incremental runs re-check ({@code unmatchedRetryDays}, default 30 days); zero keeps none
 * @param attachments which MMS media are copied to Salesforce Files ({@code attachments.*}; issue 12), when the
 *     {@code RcSync} builder has an {@code AttachmentSource} and a {@code FileStore}
 * @param overlapPages issue 13 item 3: how many fetched pages a sync may read ahead of its Salesforce work, which then
 *     runs on a worker thread while the next pages are read and RingCentral's rate-limit pauses run
 *     ({@link io.rcsync.core.service.sync.FetchHandoff}); 0 runs everything on the calling thread, one step after the
 *     other ({@code sync.overlap: false}, for debugging). Default
 *     {@value io.rcsync.core.service.sync.FetchHandoff#DEFAULT_AHEAD_PAGES}. The report is the same either way.
 * @param writeLanes issue 13 item 3: how many Note write calls may be in flight at once ({@code sync.writeLanes},
 *     1 to {@value io.rcsync.core.service.sync.NoteWriter#MAX_LANES}, default {@value #DEFAULT_WRITE_LANES}); the Notes
 *     of one Matter/Intake never go in two concurrent calls ({@link io.rcsync.core.service.sync.NoteWriter}); 1 sends
 *     them one after the other. The report is the same either way but for its Salesforce call count: lanes take
 *     batches of lanes × 975 Notes instead of 1,000, so lookups and writes may be cut into a call more or less.
 */
public record SyncSettings(
    Roster roster, IntakerFilter intakerFilter, TopicMap topics, LitifySchema schema, Duration lookback, int chunkSize,
    Duration unmatchedRetry, AttachmentPolicy attachments, int overlapPages, int writeLanes) {
  /**
   * 10,000 texts: each chunk whose numbers are not all known costs one lookup call (issue 13), so a 50,000-text
   * backfill takes 5 such chunks instead of 25 at 2,000 (Salesforce calls 73 → 55 in docs/benchmarks.md); the texts
   * held waiting stay bounded by the chunk (measured: ≈ 23 MB more heap after GC than at 2,000).
   */
  public static final int DEFAULT_CHUNK_SIZE = 10_000;
  public static final int DEFAULT_UNMATCHED_RETRY_DAYS = 30;
  /**
   * Write calls in flight at once by default: 4, well below Salesforce's concurrent long-request limits (25 per
   * production org, 5 per Developer Edition); figures in docs/benchmarks.md "Overlap (issue 13)".
   */
  public static final int DEFAULT_WRITE_LANES = 4;

  /** With the default {@code unmatchedRetryDays} (30). */
  public SyncSettings(
      Roster roster, IntakerFilter intakerFilter, TopicMap topics, LitifySchema schema, Duration lookback, int chunkSize) {
    this(roster, intakerFilter, topics, schema, lookback, chunkSize, Duration.ofDays(DEFAULT_UNMATCHED_RETRY_DAYS));
  }

  /** With the default {@code attachments.*} ({@link AttachmentPolicy#defaults()}). */
  public SyncSettings(
      Roster roster, IntakerFilter intakerFilter, TopicMap topics, LitifySchema schema, Duration lookback, int chunkSize,
      Duration unmatchedRetry) {
    this(roster, intakerFilter, topics, schema, lookback, chunkSize, unmatchedRetry, AttachmentPolicy.defaults());
  }

  /** With overlap on ({@link #overlapPages} {@value io.rcsync.core.service.sync.FetchHandoff#DEFAULT_AHEAD_PAGES}). */
  public SyncSettings(
      Roster roster, IntakerFilter intakerFilter, TopicMap topics, LitifySchema schema, Duration lookback, int chunkSize,
      Duration unmatchedRetry, AttachmentPolicy attachments) {
    this(roster, intakerFilter, topics, schema, lookback, chunkSize, unmatchedRetry, attachments,
        FetchHandoff.DEFAULT_AHEAD_PAGES);
  }

  /** With {@value #DEFAULT_WRITE_LANES} write lanes ({@link #writeLanes}). */
  public SyncSettings(
      Roster roster, IntakerFilter intakerFilter, TopicMap topics, LitifySchema schema, Duration lookback, int chunkSize,
      Duration unmatchedRetry, AttachmentPolicy attachments, int overlapPages) {
    this(roster, intakerFilter, topics, schema, lookback, chunkSize, unmatchedRetry, attachments, overlapPages,
        DEFAULT_WRITE_LANES);
  }

  /** These settings with overlap on ({@code pages} &gt; 0 pages ahead) or off (0). */
  public SyncSettings withOverlapPages(int pages) {
    return new SyncSettings(roster, intakerFilter, topics, schema, lookback, chunkSize, unmatchedRetry, attachments,
        pages, writeLanes);
  }

  /** These settings with {@code lanes} write lanes (1 to {@value io.rcsync.core.service.sync.NoteWriter#MAX_LANES}). */
  public SyncSettings withWriteLanes(int lanes) {
    return new SyncSettings(roster, intakerFilter, topics, schema, lookback, chunkSize, unmatchedRetry, attachments,
        overlapPages, lanes);
  }

  /** Whether a sync's Salesforce work overlaps its reading (issue 13 item 3; {@code sync.overlap}). */
  public boolean overlap() {
    return overlapPages > 0;
  }

  public SyncSettings {
    Objects.requireNonNull(roster, "roster");
    Objects.requireNonNull(intakerFilter, "intakerFilter");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(lookback, "lookback");
    Objects.requireNonNull(unmatchedRetry, "unmatchedRetry");
    Objects.requireNonNull(attachments, "attachments");
    if (unmatchedRetry.isNegative()) {
      throw new IllegalArgumentException("unmatchedRetry must not be negative");
    }
    if (overlapPages < 0) {
      throw new IllegalArgumentException("overlapPages must not be negative");
    }
    if (writeLanes < 1 || writeLanes > io.rcsync.core.service.sync.NoteWriter.MAX_LANES) {
      throw new IllegalArgumentException("writeLanes must be 1 to " + io.rcsync.core.service.sync.NoteWriter.MAX_LANES
          + ", got " + writeLanes);
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be positive");
    }
  }
}
