package io.rcsync.core.service.sync;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.domain.TimeWindow;
import io.rcsync.core.port.in.SyncMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which window an extension is read in, and where its watermark moves afterwards (design.md §3). A watermark is a
 * promise: every text created before it was written or deliberately skipped.
 *
 * <ul>
 *   <li>Backfill: {@code [since, until)}, capped at now (texts cannot come from the future, and a window ending later
 *       would move the watermark past texts that have not arrived yet).
 *   <li>Incremental: {@code [watermark - lookback, now)}; the lookback re-reads the overlap. With no watermark yet
 *       only the last lookback is read, with a warning to run a backfill.
 *   <li>After a run that wrote, only extensions read to the end move: to the window's end, or to the earliest text
 *       that failed. A backfill moves a watermark only forward and only when its window starts at or before it (a
 *       later window would leave a gap); an incremental run also moves it back to a failure inside the overlap so
 *       the next run retries that text.
 * </ul>
 *
 * <p>Pure: reads no clock and no store. Instants are as given; callers pass {@code now} truncated to the second.
 */
public final class WatermarkPolicy {
  private final Duration lookback;

  /** @param lookback the hot-tier overlap an incremental run re-reads before each watermark */
  public WatermarkPolicy(Duration lookback) {
    this.lookback = lookback;
  }

  /**
   * An extension's window, if it is not empty, and the warnings to report about it.
   *
   * @param window empty when {@code from} is not before {@code to}: nothing to read
   */
  public record Window(Optional<TimeWindow> window, List<String> warnings) {
    public Window {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The window a backfill reads for the target: {@code [since, min(until, now))}.
   *
   * @param target named in the warning only
   * @param since the window's inclusive start ({@code --since})
   * @param until its exclusive end ({@code --until}); empty or later than {@code now} means {@code now}
   * @param now the run's current time, which the caller truncates to the whole second (so windows and watermarks
   *     read cleanly, and a text created in the cut-off second is left to the next run)
   * @return the window and no warning; or, when {@code since} is not before the end, an empty window and the warning
   *     "extension E: empty window FROM .. TO — nothing to read" (an empty window is not an error)
   */
  public Window backfill(SyncTarget target, Instant since, Optional<Instant> until, Instant now) {
    return window(target, since, until.filter(u -> u.isBefore(now)).orElse(now), new ArrayList<>());
  }

  /**
   * The window an incremental run reads for the target: {@code [watermark - lookback, now)}, so the hot-tier
   * lookback re-reads texts that reached the message store late.
   *
   * @param target named in the warnings only
   * @param watermark the extension's saved watermark; empty before its first run that wrote, when the window is the
   *     last lookback only and a warning says to run a backfill for earlier texts
   * @param now the run's current time, which the caller truncates to the whole second
   * @return the window and any warnings; an empty window and an "empty window" warning when
   *     {@code watermark - lookback} is not before {@code now} (a watermark in the future, or a zero lookback with
   *     the watermark at now)
   */
  public Window incremental(SyncTarget target, Optional<Instant> watermark, Instant now) {
    List<String> warnings = new ArrayList<>();
    if (watermark.isEmpty()) {
      warnings.add(noWatermarkYet(target, lookback));
    }
    return window(target, watermark.orElse(now).minus(lookback), now, warnings);
  }

  /** The warning for an incremental read of an extension without a watermark (window or Message Sync alike). */
  static String noWatermarkYet(SyncTarget target, Duration lookback) {
    return "extension " + target.extension() + " (" + target.staffName() + ") has no watermark yet: read the last "
        + lookback.toMinutes() + " minutes only; run a backfill to cover earlier texts";
  }

  private static Window window(SyncTarget target, Instant from, Instant to, List<String> warnings) {
    if (!from.isBefore(to)) {
      warnings.add("extension " + target.extension() + ": empty window " + from + " .. " + to + " — nothing to read");
      return new Window(Optional.empty(), warnings);
    }
    return new Window(Optional.of(new TimeWindow(from, to)), warnings);
  }

  /**
   * The watermark an extension moves to after a run that read {@code read} to the end, if it moves.
   *
   * @param earliestUnwritten the creation time of the earliest text that was not written, if any failed
   * @param current the watermark before the run
   */
  public Optional<Instant> advance(SyncMode mode, TimeWindow read, Optional<Instant> earliestUnwritten, Optional<Instant> current) {
    Instant candidate = earliestUnwritten.orElse(read.to());
    if (mode == SyncMode.INCREMENTAL && earliestUnwritten.isPresent() && current.isPresent()
        && candidate.isBefore(current.get())) {
      // a write failed inside the overlap: keep it in the next window
      return Optional.of(candidate);
    }
    boolean contiguous = mode == SyncMode.INCREMENTAL || current.isEmpty() || !read.from().isAfter(current.get());
    boolean forward = current.isEmpty() || candidate.isAfter(current.get());
    return contiguous && forward ? Optional.of(candidate) : Optional.empty();
  }

  /**
   * The watermarks to save after a run that wrote: {@link #advance} for every target the ledger saw read to the
   * end, in target order. {@code current} is asked only for those targets.
   */
  public Map<ExtensionId, Instant> advances(SyncMode mode, List<SyncTarget> targets, RunLedger ledger,
      Function<ExtensionId, Optional<Instant>> current) {
    Map<ExtensionId, Instant> marks = new LinkedHashMap<>();
    for (SyncTarget t : targets) {
      Optional<TimeWindow> read = ledger.window(t.extension());
      if (ledger.readCompletely(t.extension()) && read.isPresent()) {
        advance(mode, read.get(), ledger.earliestUnwritten(t.extension()), current.apply(t.extension()))
            .ifPresent(mark -> marks.put(t.extension(), mark));
      }
    }
    return marks;
  }
}
