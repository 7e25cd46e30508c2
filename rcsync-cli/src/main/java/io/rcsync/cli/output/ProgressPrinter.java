package io.rcsync.cli.output;

import io.rcsync.core.domain.ExtensionId;
import io.rcsync.core.port.in.ProgressListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Shows a run's progress: a one-line bar redrawn in place on an interactive terminal, plain timestamped lines when
 * the output goes to a file or a pipe (cron, launchd). Also keeps the run lock's heartbeat fresh.
 */
public final class ProgressPrinter implements ProgressListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final int BAR = 24;

  private final PrintWriter err;
  private final boolean bar;
  private final Clock clock;
  private final int extensions;
  private final Runnable heartbeat;
  private int done;
  private String current = "";
  private long fetched;
  private long fetchedHere;
  private long written;
  private boolean drawn;
  private boolean history;
  private final java.util.Map<ExtensionId, String> labels = new java.util.HashMap<>();
  private final java.util.Map<ExtensionId, Long> fetchedBy = new java.util.HashMap<>();

  /**
   * @param extensions how many extensions the run will read (for the bar), 0 when unknown
   * @param heartbeat called on every event (the lock's heartbeat)
   */
  public ProgressPrinter(PrintWriter err, boolean interactive, Clock clock, int extensions, Runnable heartbeat) {
    this.err = err;
    this.bar = interactive;
    this.clock = clock;
    this.extensions = extensions;
    this.heartbeat = heartbeat;
  }

  @Override
  public synchronized void extensionStarted(ExtensionId extension, String staffName) {
    heartbeat.run();
    current = staffName + " (" + extension + ")";
    labels.put(extension, current);
    fetchedHere = 0;
    if (bar) {
      draw();
    } else {
      log("reading " + current);
    }
  }

  @Override
  public synchronized void messagesFetched(ExtensionId extension, int count) {
    heartbeat.run();
    fetched += count;
    fetchedHere += count;
    fetchedBy.merge(extension, (long) count, Long::sum);
    if (bar) {
      draw();
    }
  }

  @Override
  public synchronized void notesWritten(int count) {
    heartbeat.run();
    written += count;
    if (bar) {
      draw();
    } else {
      log("wrote " + count + " Note(s), " + written + " so far");
    }
  }

  @Override
  public synchronized void extensionFinished(ExtensionId extension) {
    heartbeat.run();
    done++;
    if (bar) {
      draw();
    } else {
      log(current + ": " + fetchedHere + " text(s) fetched");
    }
  }

  /** "Alyssia (376557052): 1 earlier unmatched text(s) re-checked and counted: 9 in all", the report's fetched. */
  @Override
  public synchronized void lateTextsCounted(ExtensionId extension, long count) {
    heartbeat.run();
    fetched += count;
    long all = fetchedBy.merge(extension, count, Long::sum);
    String label = labels.getOrDefault(extension, extension.toString());
    if (bar) {
      draw();
    } else {
      log(label + ": " + count + " earlier unmatched text(s) re-checked and counted: " + all + " in all");
    }
  }

  /**
   * An SMS-Magic import (issue 15) read a page: the bar shows records read instead of extensions; plain output logs
   * "read 2000 record(s) (1 rejected): 4000 so far".
   */
  @Override
  public synchronized void historyPageRead(int records, int rejected) {
    heartbeat.run();
    history = true;
    fetched += records + rejected;
    if (bar) {
      draw();
    } else {
      log("read " + records + " record(s)" + (rejected > 0 ? " (" + rejected + " rejected)" : "") + ": " + fetched
          + " so far");
    }
  }

  @Override
  public synchronized void warning(String message) {
    if (bar && drawn) {
      err.print("\r\033[K");
    }
    err.println("warning: " + message);
    err.flush();
    if (bar && drawn) {
      draw();
    }
  }

  /** Ends the bar's line so the report starts on a fresh one. */
  public synchronized void finish() {
    if (bar && drawn) {
      err.print("\r\033[K");
      err.flush();
      drawn = false;
    }
  }

  private void draw() {
    if (history) {
      err.print(String.format(Locale.ROOT, "\r\033[K[SMS-Magic history] %,d read · %,d written", fetched, written));
      err.flush();
      drawn = true;
      return;
    }
    int total = Math.max(extensions, done);
    int filled = total == 0 ? 0 : (int) Math.round(BAR * (double) done / total);
    String line = String.format(Locale.ROOT, "\r\033[K[%s%s] %d/%d ext · %s · %,d fetched · %,d written",
        "#".repeat(filled), "-".repeat(BAR - filled), done, total, current, fetched, written);
    err.print(line);
    err.flush();
    drawn = true;
  }

  private void log(String message) {
    Instant now = clock.instant();
    err.println(TIME.format(now) + " " + message);
    err.flush();
  }
}
