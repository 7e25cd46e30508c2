package io.rcsync.core.report;

/**
 * What happened to the messages of a run (or of one extension). Every fetched message lands in exactly one
 * of intakerFiltered, matchedMatter, matchedIntake, unmatched, failed, purged or held:
 * {@code fetched = intakerFiltered + matchedMatter + matchedIntake + unmatched + failed + purged + held}.
 *
 * @param purged records RingCentral returned with {@code availability: Purged}: the text itself is gone, so no Note
 *     can be written (an existing Note is kept)
 * @param held outbound texts still {@code Queued} or {@code Sending}: not written yet, read again by the next run
 * @param created Notes created (subset of the matched counts; 0 in a dry run)
 * @param updated Notes that already existed and had a field rcsync owns rewritten
 * @param ambiguous matched messages whose winning tier held more than one record (the newest won)
 * @param unchanged Notes that already existed and needed no write (not counted in {@code updated})
 * @param deliveryFailed matched outbound texts RingCentral reports as {@code SendingFailed}/{@code DeliveryFailed},
 *     written with the failed topic (a subset of the matched counts)
 * @param matchedLate texts unmatched by an earlier run that matched on a later one (a subset of the matched counts)
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
    long ambiguous,
    long purged,
    long held,
    long unchanged,
    long deliveryFailed,
    long matchedLate) {

  public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The counts before purged/held/unchanged/deliveryFailed/matchedLate existed: those are 0. */
  public Counts(long fetched, long intakerFiltered, long matchedMatter, long matchedIntake, long unmatched, long failed,
      long created, long updated, long ambiguous) {
    this(fetched, intakerFiltered, matchedMatter, matchedIntake, unmatched, failed, created, updated, ambiguous,
        0, 0, 0, 0, 0);
  }

  public long matched() {
    return matchedMatter + matchedIntake;
  }

  /** fetched = intakerFiltered + matchedMatter + matchedIntake + unmatched + failed + purged + held. */
  public boolean balanced() {
    return fetched == intakerFiltered + matchedMatter + matchedIntake + unmatched + failed + purged + held;
  }

  /** (matchedMatter + matchedIntake) / fetched, 0 when nothing was fetched. */
  public double matchRate() {
    return fetched == 0 ? 0.0 : (double) matched() / fetched;
  }

  public Counts plus(Counts o) {
    return new Counts(fetched + o.fetched, intakerFiltered + o.intakerFiltered, matchedMatter + o.matchedMatter,
        matchedIntake + o.matchedIntake, unmatched + o.unmatched, failed + o.failed, created + o.created,
        updated + o.updated, ambiguous + o.ambiguous, purged + o.purged, held + o.held, unchanged + o.unchanged,
        deliveryFailed + o.deliveryFailed, matchedLate + o.matchedLate);
  }
}
