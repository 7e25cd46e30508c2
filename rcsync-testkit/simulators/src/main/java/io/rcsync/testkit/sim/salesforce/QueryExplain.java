package io.rcsync.testkit.sim.salesforce;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /query?explain=<SOQL>}: Salesforce's query plan for a statement, without running it. The answer has the
 * documented shape {@code {"plans":[{"cardinality","fields","leadingOperationType","notes":[{"description","fields",
 * "tableEnumOrId"}],"relativeCost","sobjectCardinality","sobjectType"}]}}, plans sorted best (cheapest) first; a
 * statement that does not parse or names an unknown field is refused as the query resource refuses it.
 *
 * <p>The optimizer itself is not public, so the plan is a documented approximation:
 * <ul>
 *   <li>{@code sobjectCardinality} is the object's live record count.
 *   <li>A filter can use an index when it is {@code =}, {@code IN} or a LIKE without a leading {@code %} on an
 *       indexed field; an OR only when every branch can (one unindexed branch makes the whole OR a scan); an AND when
 *       one operand can. Negations and leading-wildcard LIKEs never can ("Index Selectivity Exceptions" of the Query
 *       &amp; Search Optimization cheat sheet).
 *   <li>Indexed fields: Id, Name, OwnerId, CreatedDate, SystemModstamp, LastModifiedDate, RecordTypeId, lookups
 *       (standard indexes), fields marked External ID or Unique, and the fields the simulator was told to index
 *       ({@link SalesforceSimulator#indexField}) (custom indexes).
 *   <li>The Index plan's {@code cardinality} is the number of records the whole WHERE matches, and its
 *       {@code relativeCost} that number over the selectivity threshold: for a standard index 30% of the first
 *       million records plus 15% of the rest (at most 1,000,000), for a custom one 10% plus 5% (at most 333,333).
 *   <li>The TableScan plan reads every record: {@code cardinality = sobjectCardinality}, and {@code relativeCost} is
 *       the record count over {@link SalesforceSimulator.Builder#largeObjectRows} (200,000 by default: the size from
 *       which Salesforce calls an object "large" and refuses non-selective queries in triggers), so a scan of a large
 *       object is not selective (above 1) and a scan of a small one is.
 * </ul>
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query_performance_feedback.htm">Get Feedback on Query Performance</a>
 * @see <a href="https://help.salesforce.com/s/articleView?id=000199003">Query Plan Tool (How To and FAQ): the fields, and "values above 1 mean that the query won't be selective"</a>
 * @see <a href="https://developer.salesforce.com/blogs/engineering/2013/07/maximizing-the-performance-of-force-com-soql-reports-and-list-views">Maximizing the Performance of Force.com SOQL: thresholds, OR</a>
 * @see <a href="https://help.salesforce.com/apex/HTViewSolution?id=000002493">Non-selective query against large object type (more than 200,000 records)</a>
 */
final class QueryExplain {
  /** Standard fields Salesforce indexes on every object. */
  private static final Set<String> STANDARD_INDEXED = Set.of("id", "name", "ownerid", "createddate", "systemmodstamp",
      "lastmodifieddate", "recordtypeid", "createdbyid", "lastmodifiedbyid");

  private final SalesforceSimulator sim;

  QueryExplain(SalesforceSimulator sim) {
    this.sim = sim;
  }

  /** One filter's use of indexes: the fields and whether any of them is a custom index. */
  private record IndexUse(Set<String> fields, boolean custom) {}

  Map<String, Object> explain(String v, String soql) {
    SoqlAst.Query q = SoqlParser.parse(soql);
    SObjectType type = sim.schema().object(q.object()).orElse(null);
    int matching;
    int total;
    synchronized (sim.store) {
      // binds the statement (unknown object or field: the same error as the query resource) and counts its rows
      SoqlEngine.Result result = new SoqlEngine(sim.store, sim.clock().instant(), sim.zone(), v).execute(q, false);
      matching = result.countOnly() || result.aggregate() ? result.totalSize() : result.records().size();
      total = sim.store.records(type, false).size();
    }
    String object = type.name();
    List<Map<String, Object>> plans = new ArrayList<>();
    IndexUse index = q.where() == null ? null : indexUse(type, q.where());
    List<Map<String, Object>> notes = notes(type, q.where());
    if (index != null) {
      double threshold = index.custom() ? customThreshold(total) : standardThreshold(total);
      plans.add(plan(object, "Index", List.copyOf(index.fields()), matching, total, matching / threshold, List.of()));
    }
    double scanCost = total / (double) sim.largeObjectRows();
    plans.add(plan(object, "TableScan", List.of(), total, total, scanCost, index == null ? notes : List.of()));
    plans.sort(Comparator.comparingDouble(p -> (Double) p.get("relativeCost")));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("plans", plans);
    return out;
  }

  private static Map<String, Object> plan(String object, String operation, List<String> fields, long cardinality,
      long sobjectCardinality, double cost, List<Map<String, Object>> notes) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("cardinality", cardinality);
    p.put("fields", fields);
    p.put("leadingOperationType", operation);
    p.put("notes", notes);
    p.put("relativeCost", Math.round(cost * 1_000_000d) / 1_000_000d);
    p.put("sobjectCardinality", sobjectCardinality);
    p.put("sobjectType", object);
    return p;
  }

  /** 30% of the first million records plus 15% of the rest, at most 1,000,000 (and at least one record). */
  static double standardThreshold(long records) {
    double t = 0.30 * Math.min(records, 1_000_000) + 0.15 * Math.max(0, records - 1_000_000);
    return Math.max(1, Math.min(1_000_000, t));
  }

  /** 10% of the first million records plus 5% of the rest, at most 333,333 (and at least one record). */
  static double customThreshold(long records) {
    double t = 0.10 * Math.min(records, 1_000_000) + 0.05 * Math.max(0, records - 1_000_000);
    return Math.max(1, Math.min(333_333, t));
  }

  /** The index a condition can be driven by, or null when it needs a scan. */
  private IndexUse indexUse(SObjectType type, SoqlAst.Condition c) {
    if (c instanceof SoqlAst.Or or) {
      Set<String> fields = new LinkedHashSet<>();
      boolean custom = false;
      for (SoqlAst.Condition operand : or.operands()) {
        IndexUse u = indexUse(type, operand);
        if (u == null) {
          return null;
        }
        fields.addAll(u.fields());
        custom |= u.custom();
      }
      return new IndexUse(fields, custom);
    }
    if (c instanceof SoqlAst.And and) {
      for (SoqlAst.Condition operand : and.operands()) {
        IndexUse u = indexUse(type, operand);
        if (u != null) {
          return u;
        }
      }
      return null;
    }
    if (c instanceof SoqlAst.Comparison cmp && cmp.operator().equals("=")) {
      return field(type, cmp.field());
    }
    if (c instanceof SoqlAst.InList in && !in.negated()) {
      return field(type, in.field());
    }
    if (c instanceof SoqlAst.InSubquery in && !in.negated()) {
      return field(type, in.field());
    }
    if (c instanceof SoqlAst.Like like && !leadingWildcard(like)) {
      return field(type, like.field());
    }
    return null;
  }

  /** {@code LIKE '%...'} or {@code LIKE '_...'}: no index can find where the value starts. */
  private static boolean leadingWildcard(SoqlAst.Like like) {
    String raw = like.pattern() instanceof SoqlAst.StringLit s ? s.raw() : like.pattern().text();
    return raw.startsWith("%") || raw.startsWith("_");
  }

  private IndexUse field(SObjectType type, SoqlAst.FieldPath path) {
    if (path.segments().size() != 1) {
      return null;
    }
    SObjectField f = type.field(path.segments().get(0)).orElse(null);
    if (f == null) {
      return null;
    }
    if (STANDARD_INDEXED.contains(f.name().toLowerCase(Locale.ROOT)) || f.type() == FieldType.REFERENCE) {
      return new IndexUse(Set.of(f.name()), false);
    }
    if (f.externalId() || f.unique() || sim.isIndexed(type.name(), f.name())) {
      return new IndexUse(Set.of(f.name()), true);
    }
    return null;
  }

  /** Why filters could not use an index, one note per field, as the plan's notes explain. */
  private List<Map<String, Object>> notes(SObjectType type, SoqlAst.Condition where) {
    Map<String, String> why = new LinkedHashMap<>();
    collect(type, where, why);
    List<Map<String, Object>> out = new ArrayList<>();
    why.forEach((field, description) -> {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("description", description);
      n.put("fields", List.of(field));
      n.put("tableEnumOrId", type.name());
      out.add(n);
    });
    return out;
  }

  private void collect(SObjectType type, SoqlAst.Condition c, Map<String, String> why) {
    if (c instanceof SoqlAst.Or or) {
      or.operands().forEach(o -> collect(type, o, why));
    } else if (c instanceof SoqlAst.And and) {
      and.operands().forEach(o -> collect(type, o, why));
    } else if (c instanceof SoqlAst.Like like && like.field().segments().size() == 1) {
      String name = like.field().segments().get(0);
      boolean leading = leadingWildcard(like);
      if (field(type, like.field()) == null && !leading) {
        why.putIfAbsent(name, "Not considering filter for optimization because unindexed");
      } else if (leading) {
        why.putIfAbsent(name, field(type, like.field()) == null
            ? "Not considering filter for optimization because unindexed"
            : "Not considering filter for optimization because of a leading wildcard");
      }
    } else if (c instanceof SoqlAst.InList in && in.field().segments().size() == 1 && field(type, in.field()) == null) {
      why.putIfAbsent(in.field().segments().get(0), "Not considering filter for optimization because unindexed");
    } else if (c instanceof SoqlAst.Comparison cmp && cmp.field().segments().size() == 1
        && field(type, cmp.field()) == null) {
      why.putIfAbsent(cmp.field().segments().get(0), "Not considering filter for optimization because unindexed");
    }
  }
}
