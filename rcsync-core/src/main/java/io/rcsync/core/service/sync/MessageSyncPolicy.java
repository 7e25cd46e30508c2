package io.rcsync.core.service.sync;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.MessageSyncCheckpoint;
import io.rcsync.core.domain.MessageSyncRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How an incremental run reads an extension by RingCentral Message Sync (issue 11 item 1), and what it saves
 * afterwards; the Message Sync counterpart of {@link WatermarkPolicy}.
 *
 * <ul>
 *   <li>A saved checkpoint → an incremental sync with its token.
 *   <li>No checkpoint (the first run, or a state file from before Message Sync: the migration) → a full sync from
 *       the watermark minus the hot lookback; with no watermark either, from now minus the lookback, with the same
 *       "no watermark yet … run a backfill" warning as a window read.
 *   <li>A rejected token → one full sync from the earlier of the checkpoint's {@code syncTime} and the watermark,
 *       minus the lookback. The watermark is included because a failed write of an older text (a status change of a
 *       days-old text, say) moves it back to that text, and a full sync returns records by creation time.
 *   <li>After a run that wrote: a new checkpoint only for extensions read to the end with no text of the read left
 *       unwritten (a failure keeps the old checkpoint, so the next run asks for the same changes again). Held texts
 *       ({@code Queued}/{@code Sending}) do not pin it: their status change comes back in an incremental sync.
 *   <li>The watermark moves as {@link WatermarkPolicy} moves an incremental one, over the span
 *       {@code [from, syncTime)}: to the sync time, or to the earliest text not written (failed or held), back as well
 *       as forward, so backfill, verify, status and a fallback sync keep a true promise.
 * </ul>
 *
 * <p>Pure: reads no clock and no store. Source: RingCentral "Message Synchronization",
 * https://developers.ringcentral.com/guide/messaging/message-store/message-sync.
 */
public final class MessageSyncPolicy {
  private final Duration lookback;

  /** @param lookback the hot-tier overlap ({@code pollWindows.hot.lookbackMinutes}) */
  public MessageSyncPolicy(Duration lookback) {
    this.lookback = lookback;
  }

  /**
   * One extension's Message Sync: the request, what the report row says about it, the warnings to report, and where
   * a full sync starts if RingCentral rejects the token.
   *
   * @param from the start of the span read, shown in the report row: the full sync's {@code dateFrom}, or the
   *     checkpoint's {@code syncTime} of an incremental sync
   * @param fallbackFrom the {@code dateFrom} of the full sync that replaces a rejected incremental one (equal to
   *     {@code from} for a full sync, which has no token to reject)
   */
  public record Plan(MessageSyncRequest request, String read, Instant from, Instant fallbackFrom, List<String> warnings) {
    public Plan {
      warnings = List.copyOf(warnings);
    }

    /** The report row's text for a full sync that replaced a rejected token. */
    public String fallbackRead() {
      return "message sync: full from " + fallbackFrom + " after a rejected token";
    }

    /** The warning for a rejected token: names the extension and says what the run does instead; never the token. */
    public String rejectedWarning(SyncTarget t, String why) {
      return "extension " + t.extension() + " (" + t.staffName() + "): RingCentral rejected its Message Sync token ("
          + why + "); full sync from " + fallbackFrom + " instead";
    }
  }

  /**
   * The plan for one extension.
   *
   * @param checkpoint its saved checkpoint, if any
   * @param watermark its saved watermark, if any
   * @param now the run's current time, truncated to the second by the caller
   */
  public Plan plan(SyncTarget target, Optional<MessageSyncCheckpoint> checkpoint, Optional<Instant> watermark,
      Instant now) {
    List<String> warnings = new ArrayList<>();
    if (checkpoint.isPresent()) {
      MessageSyncCheckpoint c = checkpoint.get();
      Instant last = watermark.filter(w -> w.isBefore(c.syncTime())).orElse(c.syncTime());
      return new Plan(new MessageSyncRequest.Incremental(c.syncToken()), "message sync: incremental", c.syncTime(),
          last.minus(lookback), warnings);
    }
    if (watermark.isEmpty()) {
      warnings.add(WatermarkPolicy.noWatermarkYet(target, lookback));
    }
    Instant dateFrom = watermark.orElse(now).minus(lookback);
    return new Plan(new MessageSyncRequest.Full(dateFrom), "message sync: full from " + dateFrom, dateFrom, dateFrom,
        warnings);
  }

  /**
   * The checkpoints to save after a run that wrote: the one each target's Message Sync returned, for targets read to
   * the end with no text of the read left unwritten, in target order.
   */
  public Map<ExtensionId, MessageSyncCheckpoint> checkpoints(List<SyncTarget> targets, RunLedger ledger) {
    Map<ExtensionId, MessageSyncCheckpoint> out = new LinkedHashMap<>();
    for (SyncTarget t : targets) {
      Optional<MessageSyncCheckpoint> c = ledger.messageSyncCheckpoint(t.extension());
      if (c.isPresent() && ledger.readCompletely(t.extension()) && !ledger.leftUnwritten(t.extension())) {
        out.put(t.extension(), c.get());
      }
    }
    return out;
  }

  /**
   * The watermarks to save after a run that wrote, in target order: for each target read to the end by Message Sync,
   * what {@link WatermarkPolicy#advance} does for an incremental run whose read ended at the sync's {@code syncTime}:
   * the earliest text not written (failed or held) or else the sync time, forward only, but back to a text not
   * written that is older than the current watermark. {@code current} is asked only for those targets.
   */
  public Map<ExtensionId, Instant> watermarks(List<SyncTarget> targets, RunLedger ledger,
      Function<ExtensionId, Optional<Instant>> current) {
    Map<ExtensionId, Instant> marks = new LinkedHashMap<>();
    for (SyncTarget t : targets) {
      Optional<MessageSyncCheckpoint> c = ledger.messageSyncCheckpoint(t.extension());
      if (c.isEmpty() || !ledger.readCompletely(t.extension())) {
        continue;
      }
      Optional<Instant> earliest = ledger.earliestUnwritten(t.extension());
      Instant candidate = earliest.orElse(c.get().syncTime());
      Optional<Instant> now = current.apply(t.extension());
      boolean back = earliest.isPresent() && now.isPresent() && candidate.isBefore(now.get());
      if (back || now.isEmpty() || candidate.isAfter(now.get())) {
        marks.put(t.extension(), candidate);
      }
    }
    return marks;
  }
}
