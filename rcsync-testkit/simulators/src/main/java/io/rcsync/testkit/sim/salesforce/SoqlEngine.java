package io.rcsync.testkit.sim.salesforce;

import io.rcsync.testkit.sim.salesforce.SoqlAst.Query;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Runs a parsed query against the store: binds it to the org schema ({@link SoqlBinder}, with the WHERE filter from
 * {@link SoqlWhere}), filters the records, then counts ({@code COUNT()}), aggregates ({@link SoqlAggregator}) or
 * sorts and projects them ({@link SoqlProjection}), applying OFFSET before LIMIT.
 *
 * <p>Semantics follow SOQL: text comparisons, IN and LIKE are case-insensitive; {@code !=} and {@code NOT IN} also
 * match nulls; a date literal such as {@code TODAY} is a range ({@code = TODAY} means within the day,
 * {@code > TODAY} after it); nulls sort first unless {@code NULLS LAST}; OFFSET applies before LIMIT. Date literals
 * are evaluated in the simulator's time zone (UTC unless configured) with weeks starting on Sunday.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm">Comparison Operators</a>
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_orderby.htm">ORDER BY</a>
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_agg_functions.htm">Aggregate Functions</a>
 */
final class SoqlEngine {
  /** FIELDS(ALL) and FIELDS(CUSTOM) need a LIMIT of at most 200. */
  static final int FIELDS_FUNCTION_MAX_LIMIT = 200;

  private final OrgStore store;
  private final SoqlBinder binder;
  private final SoqlAggregator aggregator;
  private final SoqlProjection projection;

  SoqlEngine(OrgStore store, Instant now, ZoneId zone, String apiVersion) {
    this.store = store;
    SoqlPaths paths = new SoqlPaths(store);
    this.binder = new SoqlBinder(paths, new SoqlWhere(paths, now, zone, sub -> execute(sub, false)));
    this.aggregator = new SoqlAggregator(paths);
    this.projection = new SoqlProjection(store, apiVersion);
  }

  /**
   * What a query produced, before paging.
   *
   * @param longTextFields how many distinct custom long text (or rich text) area fields the SELECT list names
   */
  record Result(int totalSize, List<Map<String, Object>> records, boolean countOnly, boolean aggregate,
      int longTextFields) {
    Result(int totalSize, List<Map<String, Object>> records, boolean countOnly, boolean aggregate) {
      this(totalSize, records, countOnly, aggregate, 0);
    }
  }

  /** Custom long text areas in the SELECT list, counted once each (relationship paths count their leaf). */
  private static int longTextFields(SoqlBinder.Bound bound) {
    java.util.Set<SObjectField> fields = new java.util.HashSet<>();
    for (SoqlBinder.Selected s : bound.select) {
      if (s.path() != null && s.aggregate() == null) {
        SObjectField f = s.path().leaf();
        if (f.custom() && (f.type() == FieldType.RICHTEXTAREA || f.type() == FieldType.TEXTAREA && f.length() > 255)) {
          fields.add(f);
        }
      }
    }
    return fields.size();
  }

  Result execute(Query query, boolean includeDeleted) {
    SoqlBinder.Bound bound = binder.bind(query);
    List<StoredRecord> rows = new ArrayList<>();
    for (StoredRecord r : candidates(query.where(), bound.type, includeDeleted)) {
      if (bound.where == null || bound.where.test(r)) {
        rows.add(r);
      }
    }
    if (bound.countOnly) {
      int n = window(rows, query).size();
      return new Result(n, List.of(), true, false);
    }
    if (bound.aggregate) {
      List<Map<String, Object>> groups = aggregator.aggregate(bound, rows);
      List<Map<String, Object>> page = window(groups, query);
      return new Result(page.size(), page, false, true);
    }
    if (!bound.order.isEmpty()) {
      rows.sort(bound.order.stream().reduce(Comparator::thenComparing).orElseThrow());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (StoredRecord r : window(rows, query)) {
      out.add(projection.project(r, bound.select));
    }
    return new Result(out.size(), out, false, false, longTextFields(bound));
  }

  /**
   * The records the WHERE filter is tried on: when the condition is (or is ANDed with) {@code field IN (...)} or
   * {@code field = '...'} on {@code Id} or an indexed (external-id or unique) field, only the records holding those
   * values, from the store's index; otherwise every record of the type. A real org answers such a filter from its
   * index too: the record id is indexed and "External IDs cause an index to be created on that field" (Large Data
   * Volumes best practices, "Indexes",
   * https://developer.salesforce.com/docs/platform/salesforce-large-data-volumes-bp/guide/ldv-deployments-infrastructure-indexes.html).
   * Without this, a lookup of 200 external ids
   * against a million Notes scanned them all and stopped the 1,000,000-text memory benchmark at ~308k texts.
   */
  private Collection<StoredRecord> candidates(SoqlAst.Condition where, SObjectType type, boolean includeDeleted) {
    List<SoqlAst.Condition> conjuncts = where instanceof SoqlAst.And and ? and.operands()
        : where == null ? List.of() : List.of(where);
    for (SoqlAst.Condition c : conjuncts) {
      SoqlAst.FieldPath path;
      List<SoqlAst.Literal> literals;
      if (c instanceof SoqlAst.InList in && !in.negated()) {
        path = in.field();
        literals = in.values();
      } else if (c instanceof SoqlAst.Comparison cmp && cmp.operator().equals("=")) {
        path = cmp.field();
        literals = List.of(cmp.value());
      } else {
        continue;
      }
      if (path.segments().size() != 1 || !literals.stream().allMatch(l -> l instanceof SoqlAst.StringLit)) {
        continue;
      }
      Optional<SObjectField> field = type.field(path.segments().get(0));
      if (field.isEmpty()) {
        continue;
      }
      List<String> values = literals.stream().map(l -> SoqlLexer.decode(((SoqlAst.StringLit) l).raw())).toList();
      Optional<List<StoredRecord>> found = store.lookUp(type, field.get(), values, includeDeleted);
      if (found.isPresent()) {
        return found.get();
      }
    }
    return store.records(type, includeDeleted);
  }

  private static <T> List<T> window(List<T> rows, Query q) {
    int from = q.offset() == null ? 0 : Math.min(q.offset(), rows.size());
    int to = q.limit() == null ? rows.size() : (int) Math.min(rows.size(), (long) from + q.limit());
    return rows.subList(from, to);
  }

  /** Same as {@link SoqlLike#matcher(String)}. */
  static Predicate<String> likeMatcher(String raw) {
    return SoqlLike.matcher(raw);
  }

  /** Same as {@link SoqlLike#pattern(String)}. */
  static Pattern likePattern(String raw) {
    return SoqlLike.pattern(raw);
  }
}
