package io.rcsync.core.report;

/**
 * What happened to the messages of a run (or of one extension). Every fetched message lands in exactly one
 * of intakerFiltered, matchedMatter, matchedIntake, unmatched, failed, purged, held or deduplicated:
 * {@code fetched = intakerFiltered + matchedMatter + matchedIntake + unmatched + failed + purged + held + deduplicated}.
 * In an SMS-Magic import (issue 15) "fetched" counts the history records read, rejected rows included (as failed).
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
 * @param groupTexts matched texts with several Notes: a group text whose numbers matched several Matters/Intakes gets
 *     one Note per distinct record (a subset of the matched counts)
 * @param extraGroupNotes the Notes of those texts beyond the first (each group text with n Notes adds n - 1), so that
 *     {@code created + updated + unchanged = matchedMatter + matchedIntake + extraGroupNotes} when no text failed
 *     after some of its Notes were written ({@link #notesOfFailedTexts()})
 * @param deduplicated SMS-Magic history records (issue 15) not written because they are the same text as an
 *     {@code rc_msg_} Note (RingCentral's Note wins) or a migration copy of an Incoming SMS record in SMS History; each
 *     is a row of the de-duplicated CSV. Always 0 in a sync.
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
    long matchedLate,
    long groupTexts,
    long extraGroupNotes,
    long deduplicated) {

  public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The counts of a sync (before issue 15's import): deduplicated is 0. */
  public Counts(long fetched, long intakerFiltered, long matchedMatter, long matchedIntake, long unmatched, long failed,
      long created, long updated, long ambiguous, long purged, long held, long unchanged, long deliveryFailed,
      long matchedLate, long groupTexts, long extraGroupNotes) {
    this(fetched, intakerFiltered, matchedMatter, matchedIntake, unmatched, failed, created, updated, ambiguous, purged,
        held, unchanged, deliveryFailed, matchedLate, groupTexts, extraGroupNotes, 0);
  }

  /** The counts before groupTexts/extraGroupNotes existed: those are 0. */
  public Counts(long fetched, long intakerFiltered, long matchedMatter, long matchedIntake, long unmatched, long failed,
      long created, long updated, long ambiguous, long purged, long held, long unchanged, long deliveryFailed,
      long matchedLate) {
    this(fetched, intakerFiltered, matchedMatter, matchedIntake, unmatched, failed, created, updated, ambiguous, purged,
        held, unchanged, deliveryFailed, matchedLate, 0, 0);
  }

  /** The counts before purged/held/unchanged/deliveryFailed/matchedLate existed: those are 0. */
  public Counts(long fetched, long intakerFiltered, long matchedMatter, long matchedIntake, long unmatched, long failed,
      long created, long updated, long ambiguous) {
    this(fetched, intakerFiltered, matchedMatter, matchedIntake, unmatched, failed, created, updated, ambiguous,
        0, 0, 0, 0, 0, 0, 0);
  }

  public long matched() {
    return matchedMatter + matchedIntake;
  }

  /** The Notes the run wrote or found in place: created + updated + unchanged. */
  public long notes() {
    return created + updated + unchanged;
  }

  /**
   * Notes written (or found) for texts that still failed: a group text is failed when any of its Notes was not
   * written, yet the others count in created/updated/unchanged. {@code notes() - matched() - extraGroupNotes}, 0 when
   * every counted Note belongs to a matched text.
   */
  public long notesOfFailedTexts() {
    return notes() - matched() - extraGroupNotes;
  }

  /** fetched = intakerFiltered + matchedMatter + matchedIntake + unmatched + failed + purged + held + deduplicated. */
  public boolean balanced() {
    return fetched == intakerFiltered + matchedMatter + matchedIntake + unmatched + failed + purged + held
        + deduplicated;
  }

  /** (matchedMatter + matchedIntake) / fetched, 0 when nothing was fetched. */
  public double matchRate() {
    return fetched == 0 ? 0.0 : (double) matched() / fetched;
  }

  public Counts plus(Counts o) {
    return new Counts(fetched + o.fetched, intakerFiltered + o.intakerFiltered, matchedMatter + o.matchedMatter,
        matchedIntake + o.matchedIntake, unmatched + o.unmatched, failed + o.failed, created + o.created,
        updated + o.updated, ambiguous + o.ambiguous, purged + o.purged, held + o.held, unchanged + o.unchanged,
        deliveryFailed + o.deliveryFailed, matchedLate + o.matchedLate, groupTexts + o.groupTexts,
        extraGroupNotes + o.extraGroupNotes, deduplicated + o.deduplicated);
  }
}
