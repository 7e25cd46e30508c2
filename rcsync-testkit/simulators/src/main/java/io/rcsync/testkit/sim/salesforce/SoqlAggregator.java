package io.rcsync.testkit.sim.salesforce;

import io.rcsync.testkit.sim.salesforce.SoqlBinder.AggregateOrder;
import io.rcsync.testkit.sim.salesforce.SoqlBinder.Bound;
import io.rcsync.testkit.sim.salesforce.SoqlBinder.Selected;
import io.rcsync.testkit.sim.salesforce.SoqlPaths.BoundPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Aggregate queries: groups the matching records by the GROUP BY paths (text regardless of case), computes
 * COUNT, COUNT_DISTINCT, MIN, MAX, SUM and AVG per group and orders the AggregateResult rows.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_agg_functions.htm">Aggregate Functions</a>
 */
final class SoqlAggregator {
  private final SoqlPaths paths;

  SoqlAggregator(SoqlPaths paths) {
    this.paths = paths;
  }

  /** One row per group (one for no GROUP BY), as AggregateResult records, in the aggregate ORDER BY. */
  List<Map<String, Object>> aggregate(Bound b, List<StoredRecord> rows) {
    Map<List<Object>, List<StoredRecord>> groups = new LinkedHashMap<>();
    for (StoredRecord r : rows) {
      List<Object> key = new ArrayList<>();
      for (BoundPath g : b.groupBy) {
        Object v = paths.read(r, g);
        key.add(v instanceof String s && g.leaf().type().isText() ? new CaseInsensitive(s) : v);
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    if (b.groupBy.isEmpty() && groups.isEmpty()) {
      groups.put(List.of(), List.of());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    Map<Map<String, Object>, Map<String, Object>> sortKeys = new LinkedHashMap<>();
    for (List<StoredRecord> members : groups.values()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("attributes", Map.of("type", "AggregateResult"));
      Map<String, Object> raw = new LinkedHashMap<>();
      for (Selected s : b.select) {
        Object v = s.aggregate() == null
            ? (members.isEmpty() ? null : paths.read(members.get(0), s.path()))
            : compute(s, members);
        raw.put(s.outputName(), v);
        row.put(s.outputName(), ValueCodec.toJson(v));
      }
      for (AggregateOrder o : b.aggregateOrder) {
        raw.putIfAbsent(o.outputName(), null);
      }
      out.add(row);
      sortKeys.put(row, raw);
    }
    if (!b.aggregateOrder.isEmpty()) {
      Comparator<Map<String, Object>> cmp = null;
      for (AggregateOrder o : b.aggregateOrder) {
        Comparator<Object> values = SoqlValueOrder.nullsOrdered(SoqlValueOrder.of(o.type()), o.descending(), o.nullsFirst());
        Comparator<Map<String, Object>> c = (x, y) -> values.compare(sortKeys.get(x).get(o.outputName()),
            sortKeys.get(y).get(o.outputName()));
        cmp = cmp == null ? c : cmp.thenComparing(c);
      }
      out.sort(cmp);
    }
    return out;
  }

  private Object compute(Selected s, Collection<StoredRecord> members) {
    List<Object> values = members.stream().map(r -> paths.read(r, s.path())).filter(Objects::nonNull).toList();
    Comparator<Object> order = SoqlValueOrder.of(s.path().leaf().type());
    return switch (s.aggregate()) {
      case "COUNT" -> values.size();
      case "COUNT_DISTINCT" -> (int) values.stream()
          .map(v -> v instanceof String str ? str.toLowerCase(Locale.ROOT) : v).distinct().count();
      case "MIN" -> values.stream().min(order).orElse(null);
      case "MAX" -> values.stream().max(order).orElse(null);
      case "SUM" -> values.isEmpty() ? null : values.stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
      case "AVG" -> values.stream().mapToDouble(v -> ((Number) v).doubleValue()).average().stream().boxed()
          .findFirst().orElse(null);
      default -> throw new IllegalStateException(s.aggregate());
    };
  }

  /** Groups text values regardless of case, keeping the first spelling seen. */
  private record CaseInsensitive(String value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof CaseInsensitive c && c.value.equalsIgnoreCase(value);
    }

    @Override
    public int hashCode() {
      return value.toLowerCase(Locale.ROOT).hashCode();
    }
  }
}
