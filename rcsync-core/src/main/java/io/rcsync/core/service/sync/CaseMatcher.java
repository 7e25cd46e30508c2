package io.rcsync.core.service.sync;

import io.rcsync.core.domain.CaseKind;
import io.rcsync.core.domain.CaseRecord;
import io.rcsync.core.domain.LitifySchema;
import io.rcsync.core.domain.MatchDecision;
import io.rcsync.core.domain.MatchPolicy;
import io.rcsync.core.domain.PhoneNormalizer;
import io.rcsync.core.domain.PhoneNumber;
import io.rcsync.core.domain.SalesforceId;
import io.rcsync.core.port.out.CaseDirectory;
import io.rcsync.core.port.out.ExternalSystemException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches phone numbers to the Matter or Intake they belong to: looks numbers up in batches through the
 * {@link CaseDirectory}, confirms each candidate by normalising its configured phone fields (the directory may
 * return LIKE false positives), decides with the {@link MatchPolicy} and caches every decision for the run, so a
 * number is looked up at most once per run.
 */
public final class CaseMatcher {
  /**
   * A text's match.
   *
   * @param counterparty the text's number that led to the chosen record (the first number if several did)
   * @param ambiguous the winning tier held more than one record (the newest won)
   */
  public record Match(CaseRecord chosen, PhoneNumber counterparty, boolean ambiguous) {}

  private final CaseDirectory cases;
  private final LitifySchema schema;
  private final MatchPolicy policy;
  private final Map<PhoneNumber, MatchDecision> decisions = new HashMap<>();
  /** Ids asked about through {@link #kindsOf}: the kind, or empty for an id that is no Matter or Intake. */
  private final Map<String, Optional<CaseKind>> kinds = new HashMap<>();

  /**
   * Holds per-run state: the cache of every number's decision lives as long as the matcher, so make one per run and
   * do not reuse it across runs (a reused matcher would keep calling a number unmatched after its Matter or Intake
   * was created, and keep matching a record after it was closed or converted).
   *
   * @param cases the Matter and Intake lookup (one call per {@link #lookUp} with unknown numbers)
   * @param schema the phone fields a candidate is confirmed on, and the status fields the match policy's tiers read
   */
  public CaseMatcher(CaseDirectory cases, LitifySchema schema) {
    this.cases = cases;
    this.schema = schema;
    this.policy = new MatchPolicy(schema);
  }

  /**
   * Looks up, in one directory call, every number of these texts not decided yet in this run; makes no call when
   * all are.
   *
   * @param numbersPerText each text's numbers, in the order the texts arrived
   * @throws ExternalSystemException when the directory fails; nothing is cached then
   */
  public void lookUp(Collection<List<PhoneNumber>> numbersPerText) {
    Set<PhoneNumber> unknown = new LinkedHashSet<>();
    for (List<PhoneNumber> numbers : numbersPerText) {
      for (PhoneNumber n : numbers) {
        if (!decisions.containsKey(n)) {
          unknown.add(n);
        }
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    List<CaseRecord> found = cases.findByPhones(unknown);
    Map<PhoneNumber, List<CaseRecord>> byNumber = new HashMap<>();
    for (CaseRecord r : found) {
      Set<PhoneNumber> held = new HashSet<>();
      for (String field : schema.phoneFields()) {
        String v = r.phoneValues().get(field);
        if (v != null) {
          held.addAll(PhoneNormalizer.findAll(v));
        }
      }
      for (PhoneNumber n : held) {
        byNumber.computeIfAbsent(n, k -> new ArrayList<>()).add(r);
      }
    }
    for (PhoneNumber n : unknown) {
      decisions.put(n, policy.decide(n, byNumber.getOrDefault(n, List.of())));
    }
  }

  /**
   * Which of these ids (a record's own Matter/Intake lookup, issue 15) are Matters or Intakes, asking the directory
   * in one call about the ids not asked before in this run; none when all were.
   *
   * @return empty when the directory cannot tell (every id is then taken as the record it names); else the kind of
   *     each id that is a Matter or Intake by 15-character id, an id that is neither absent
   * @throws ExternalSystemException when the directory fails; nothing is cached then
   */
  public Optional<Map<String, CaseKind>> kindsOf(Collection<SalesforceId> ids) {
    Set<SalesforceId> unknown = new LinkedHashSet<>();
    for (SalesforceId id : ids) {
      if (!kinds.containsKey(id.shortForm())) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      Optional<Map<String, CaseKind>> found = cases.kindsOf(unknown);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      for (SalesforceId id : unknown) {
        kinds.put(id.shortForm(), Optional.ofNullable(found.get().get(id.shortForm())));
      }
    }
    Map<String, CaseKind> out = new HashMap<>();
    for (SalesforceId id : ids) {
      kinds.get(id.shortForm()).ifPresent(k -> out.put(id.shortForm(), k));
    }
    return Optional.of(out);
  }

  /**
   * The best record across a text's numbers (better tier first, then newer), or empty when none holds any of them.
   *
   * @param numbers looked up before through {@link #lookUp}; never empty
   */
  public Optional<Match> match(List<PhoneNumber> numbers) {
    // loops, not streams: this runs once per text (issue 13's JMH benchmark)
    List<MatchDecision> each = new ArrayList<>(numbers.size());
    for (PhoneNumber n : numbers) {
      each.add(decided(n));
    }
    MatchDecision best = policy.best(each);
    if (!best.matched()) {
      return Optional.empty();
    }
    CaseRecord chosen = best.chosen().orElseThrow();
    PhoneNumber counterparty = numbers.get(0);
    for (int i = 0; i < numbers.size(); i++) {
      if (each.get(i).chosen().filter(chosen::equals).isPresent()) {
        counterparty = numbers.get(i);
        break;
      }
    }
    return Optional.of(new Match(chosen, counterparty, best.ambiguous()));
  }

  /**
   * Every record a text belongs to, the best first (as {@link #match}), then each further record some other number
   * of the text was decided to, in the text's number order, each once: one entry per distinct Matter/Intake, so a
   * group text gets a Note on every conversation it belongs to. Empty when none holds any of the numbers.
   *
   * @param numbers looked up before through {@link #lookUp}; never empty
   */
  public List<Match> matchAll(List<PhoneNumber> numbers) {
    Optional<Match> best = match(numbers);
    if (best.isEmpty()) {
      return List.of();
    }
    List<Match> all = new ArrayList<>();
    all.add(best.get());
    // by id: a record's own hashCode hashes its phone-value map, once per text (issue 13's JMH benchmark)
    Set<SalesforceId> taken = new HashSet<>();
    taken.add(best.get().chosen().id());
    for (PhoneNumber n : numbers) {
      MatchDecision d = decided(n);
      d.chosen().filter(r -> taken.add(r.id())).ifPresent(r -> all.add(new Match(r, n, d.ambiguous())));
    }
    return all;
  }

  private MatchDecision decided(PhoneNumber n) {
    MatchDecision d = decisions.get(n);
    if (d == null) {
      throw new IllegalStateException("number " + n.digits() + " was not looked up");
    }
    return d;
  }
}
