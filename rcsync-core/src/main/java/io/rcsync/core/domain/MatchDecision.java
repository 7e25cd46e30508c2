package io.rcsync.core.domain;

import java.util.Optional;

/**
 * Which record a number belongs to.
 *
 * @param tiedCandidates how many confirmed records shared the winning tier (more than one = ambiguous, the
 *     newest won)
 * @param confirmedCandidates confirmed records across all tiers
 */
public record MatchDecision(Optional<CaseRecord> chosen, Optional<MatchTier> tier, int tiedCandidates, int confirmedCandidates) {
  public static MatchDecision none() {
    return new MatchDecision(Optional.empty(), Optional.empty(), 0, 0);
  }

  public boolean matched() {
    return chosen.isPresent();
  }

  public boolean ambiguous() {
    return tiedCandidates > 1;
  }
}
