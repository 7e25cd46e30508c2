package io.rcsync.core.report;

/**
 * What happened to the messages of a run (or of one extension). Every fetched message lands in exactly one
 * of intakerFiltered, matchedMatter, matchedIntake, unmatched or failed.
 *
 * @param created Notes created (subset of the matched counts; 0 in a dry run)
 * @param updated Notes that already existed and were upserted again
 * @param ambiguous matched messages whose winning tier held more than one record (the newest won)
 */
public record Counts(
    long fetched,
    long intakerFiltered,
    long matchedMatter,
    long matchedIntake,
    long unmatched,
    long failed,
    long created,
    long updated,
    long ambiguous) {

  public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0);

  public long matched() {
    return matchedMatter + matchedIntake;
  }

  /** fetched = intakerFiltered + matchedMatter + matchedIntake + unmatched + failed. */
  public boolean balanced() {
    return fetched == intakerFiltered + matchedMatter + matchedIntake + unmatched + failed;
  }

  /** (matchedMatter + matchedIntake) / fetched, 0 when nothing was fetched. */
  public double matchRate() {
    return fetched == 0 ? 0.0 : (double) matched() / fetched;
  }

  public Counts plus(Counts o) {
    return new Counts(fetched + o.fetched, intakerFiltered + o.intakerFiltered, matchedMatter + o.matchedMatter,
        matchedIntake + o.matchedIntake, unmatched + o.unmatched, failed + o.failed, created + o.created,
        updated + o.updated, ambiguous + o.ambiguous);
  }
}
