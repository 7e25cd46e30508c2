package io.rcsync.cli;

import io.rcsync.testkit.demo.DemoData;
import io.rcsync.testkit.demo.DemoSmsMagicHistory;

/** What the demo's SMS-Magic import step must print, from the demo firm's documented counts (issue 15). */
final class DemoImportExpectations {
  private DemoImportExpectations() {}

  /**
   * The demo summary's import line: every record read, the overlap repeats and migration copies de-duplicated, a Note
   * for every matched record (a FAILED/UNDELIVERED/ERROR one too, with the failed topic), the re-run writes nothing.
   */
  static String summaryLine() {
    DemoSmsMagicHistory.Expected e = DemoData.SMS_MAGIC_EXPECTED;
    // the records whose delivery failed are written too (failed topic), on the Matters they match
    long notes = e.read() - e.intakerFiltered() - e.unmatched() - e.rcDuplicates() - e.migrationCopies();
    long intake = e.matchedIntake();
    long matter = notes - intake;
    return String.format(java.util.Locale.ROOT, "  SMS-Magic import: read %d = Intaker %d + Matter %d + Intake %d"
            + " + unmatched %d + failed 0 + de-duplicated %d (the backfill's rc_msg_ Notes already hold %d of those"
            + " texts; %d are migration copies within the history); %d Notes created; re-run: created 0, updated 0,"
            + " unchanged %d",
        e.read(), e.intakerFiltered(), matter, intake, e.unmatched(), e.rcDuplicates() + e.migrationCopies(),
        e.rcDuplicates(), e.migrationCopies(), notes, notes);
  }
}
