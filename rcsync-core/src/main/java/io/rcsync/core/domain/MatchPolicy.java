package io.rcsync.core.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the record a phone number belongs to (design.md §3).
 *
 * <p>A candidate counts only when one of its configured phone fields holds the number once normalised (a field may hold a label or two numbers, e.g. {@code 502-813-8900 (cell)}): a LIKE
 * query can return false positives ({@code '%502%813%8900%'} also matches {@code 1502-813-89001}), and they
 * are dropped here. Priority: open Matter, unconverted Intake, closed Matter, converted Intake; within a tier
 * the most recently created wins (ties on creation time go to the larger id, so the choice is stable).
 */
public final class MatchPolicy {
  private final LitifySchema schema;

  public MatchPolicy(LitifySchema schema) {
    this.schema = schema;
  }

  /** True when any configured phone field of the record normalises to the number. */
  public boolean holds(CaseRecord record, PhoneNumber number) {
    for (String field : schema.phoneFields()) {
      String stored = record.phoneValues().get(field);
      if (stored != null && PhoneNormalizer.findAll(stored).contains(number)) {
        return true;
      }
    }
    return false;
  }

  public MatchDecision decide(PhoneNumber number, Collection<CaseRecord> candidates) {
    List<CaseRecord> confirmed = candidates.stream().filter(c -> holds(c, number)).distinct().toList();
    if (confirmed.isEmpty()) {
      return MatchDecision.none();
    }
    Comparator<CaseRecord> order =
        Comparator.<CaseRecord, MatchTier>comparing(c -> MatchTier.of(c, schema))
            .thenComparing(CaseRecord::createdDate, Comparator.reverseOrder())
            .thenComparing(c -> c.id().value(), Comparator.reverseOrder());
    List<CaseRecord> sorted = confirmed.stream().sorted(order).toList();
    CaseRecord best = sorted.get(0);
    MatchTier tier = MatchTier.of(best, schema);
    int tied = (int) confirmed.stream().filter(c -> MatchTier.of(c, schema) == tier).count();
    return new MatchDecision(Optional.of(best), Optional.of(tier), tied, confirmed.size());
  }

  /** Best decision across several numbers (a group text): better tier first, then newer record. */
  public MatchDecision best(List<MatchDecision> decisions) {
    // a loop, not a stream: this runs once per text (issue 13's JMH benchmark); the first of equals wins, as min did
    MatchDecision best = null;
    for (MatchDecision d : decisions) {
      if (d.matched() && (best == null || BETTER_FIRST.compare(d, best) < 0)) {
        best = d;
      }
    }
    return best == null ? MatchDecision.none() : best;
  }

  private static final Comparator<MatchDecision> BETTER_FIRST =
      Comparator.<MatchDecision, MatchTier>comparing(d -> d.tier().orElseThrow())
          .thenComparing(d -> d.chosen().orElseThrow().createdDate(), Comparator.reverseOrder());
}
