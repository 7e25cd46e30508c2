package io.rcsync.core.support;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …?" for a name an operator typed: the closest of the known names by Levenshtein edit distance,
 * ignoring case, when it is close enough to be a typo (at most 2 edits, or a quarter of the typed name's length
 * when that is more). Used for unknown config keys and for object/field API names an org's describe lacks.
 */
public final class NearestName {
  private NearestName() {}

  /**
   * The known name closest to {@code typed}, empty when none is within the typo distance (or there are none).
   * Ties go to the first in {@code known}'s iteration order.
   */
  public static Optional<String> closest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String t = typed.toLowerCase(Locale.ROOT);
    for (String o : known) {
      int d = distance(t, o.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = o;
      }
    }
    return bestDistance <= Math.max(2, typed.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance: insertions, deletions and substitutions, one each. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}
