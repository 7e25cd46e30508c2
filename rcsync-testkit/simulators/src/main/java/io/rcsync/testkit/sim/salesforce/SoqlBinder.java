package io.rcsync.testkit.sim.salesforce;

import io.rcsync.testkit.sim.salesforce.SoqlAst.FieldPath;
import io.rcsync.testkit.sim.salesforce.SoqlAst.Query;
import io.rcsync.testkit.sim.salesforce.SoqlPaths.BoundPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Binds a parsed query to the org schema: the queried object, the SELECT list (fields, relationship paths,
 * {@code FIELDS()}, {@code COUNT()}, aggregates and their aliases), GROUP BY and ORDER BY with Salesforce's rules
 * (groupable, sortable, "must be grouped or aggregated", duplicate fields) and the WHERE filter.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_orderby.htm">ORDER BY</a>
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_agg_functions.htm">Aggregate Functions</a>
 */
final class SoqlBinder {
  private final SoqlPaths paths;
  private final SoqlWhere where;

  SoqlBinder(SoqlPaths paths, SoqlWhere where) {
    this.paths = paths;
    this.where = where;
  }

  /** A select item after binding: a field, or an aggregate with its output name. */
  record Selected(BoundPath path, String aggregate, String outputName) {}

  static final class Bound {
    SObjectType type;
    boolean countOnly;
    boolean aggregate;
    List<Selected> select = new ArrayList<>();
    List<BoundPath> groupBy = new ArrayList<>();
    Predicate<StoredRecord> where;
    List<Comparator<StoredRecord>> order = new ArrayList<>();
    List<AggregateOrder> aggregateOrder = new ArrayList<>();
  }

  record AggregateOrder(String outputName, boolean descending, boolean nullsFirst, FieldType type) {}

  /** Binds a parsed query to the schema, or throws the SoqlException Salesforce would answer. */
  Bound bind(Query q) {
    Bound b = new Bound();
    b.type = paths.schema().object(q.object()).orElseThrow(() -> SoqlException.at("INVALID_TYPE", q.soql(),
        q.objectPos(), "sObject type '" + q.object() + "' is not supported. If you are attempting to use a custom "
            + "object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe "
            + "call for the appropriate names."));
    boolean hasAggregate = q.select().stream().anyMatch(s -> s instanceof SoqlAst.Aggregate);
    b.aggregate = hasAggregate || !q.groupBy().isEmpty();
    for (FieldPath g : q.groupBy()) {
      BoundPath p = paths.resolve(q, b.type, g);
      if (!p.leaf().groupable()) {
        throw SoqlException.at("INVALID_FIELD", q.soql(), g.pos(),
            "field '" + p.leaf().name() + "' can not be grouped in a query call");
      }
      b.groupBy.add(p);
    }
    bindSelect(q, b);
    if (q.where() != null) {
      b.where = where.compile(q, b.type, q.where());
    }
    for (SoqlAst.OrderItem o : q.orderBy()) {
      bindOrder(q, b, o);
    }
    return b;
  }

  private void bindSelect(Query q, Bound b) {
    Set<String> seen = new HashSet<>();
    int expr = 0;
    for (SoqlAst.SelectItem item : q.select()) {
      if (item instanceof SoqlAst.CountAll c) {
        if (q.select().size() > 1 || !q.groupBy().isEmpty()) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), c.pos(),
              "COUNT() must be the only element in the SELECT list and can't be used with GROUP BY");
        }
        b.countOnly = true;
        b.aggregate = false;
      } else if (item instanceof SoqlAst.FieldsFunction f) {
        if (b.aggregate) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), f.pos(), "FIELDS() can't be used in an aggregate query");
        }
        if (!f.kind().equals("STANDARD") && (q.limit() == null || q.limit() > SoqlEngine.FIELDS_FUNCTION_MAX_LIMIT)) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), f.pos(), "The SOQL FIELDS function must have a LIMIT "
              + "of at most " + SoqlEngine.FIELDS_FUNCTION_MAX_LIMIT);
        }
        for (SObjectField field : b.type.fields()) {
          boolean wanted = switch (f.kind()) {
            case "CUSTOM" -> field.custom();
            case "STANDARD" -> !field.custom();
            default -> true;
          };
          if (wanted && seen.add(field.name().toLowerCase(Locale.ROOT))) {
            b.select.add(new Selected(new BoundPath(List.of(), field, field.name()), null, field.name()));
          }
        }
      } else if (item instanceof SoqlAst.FieldItem f) {
        BoundPath p = paths.resolve(q, b.type, f.path());
        if (f.alias() != null && !b.aggregate) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), f.aliasPos(), "unexpected token: '" + f.alias() + "'");
        }
        if (b.aggregate && b.groupBy.stream().noneMatch(g -> g.key().equals(p.key()))) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), f.path().pos(),
              "Field must be grouped or aggregated: " + p.leaf().name());
        }
        if (!seen.add(p.key())) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), f.path().pos(),
              "duplicate field selected: " + p.display());
        }
        String out = f.alias() != null ? f.alias() : p.leaf().name();
        b.select.add(new Selected(p, null, out));
      } else if (item instanceof SoqlAst.Aggregate a) {
        BoundPath p = paths.resolve(q, b.type, a.path());
        checkAggregate(q, a, p);
        String out = a.alias() != null ? a.alias() : "expr" + expr++;
        if (!seen.add("agg:" + out.toLowerCase(Locale.ROOT))) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), a.pos(), "duplicate alias: " + out);
        }
        b.select.add(new Selected(p, a.function(), out));
      }
    }
  }

  private static void checkAggregate(Query q, SoqlAst.Aggregate a, BoundPath p) {
    FieldType t = p.leaf().type();
    boolean ok = switch (a.function()) {
      case "SUM", "AVG" -> t == FieldType.DOUBLE;
      case "MIN", "MAX" -> t != FieldType.BOOLEAN && p.leaf().filterable();
      default -> p.leaf().filterable();
    };
    if (!ok) {
      throw SoqlException.at("MALFORMED_QUERY", q.soql(), a.path().pos(),
          "field " + p.leaf().name() + " does not support aggregate operator " + a.function());
    }
  }

  private void bindOrder(Query q, Bound b, SoqlAst.OrderItem o) {
    if (b.countOnly) {
      return;
    }
    if (b.aggregate) {
      String outputName;
      FieldType type;
      if (o.expression() instanceof SoqlAst.Aggregate a) {
        BoundPath p = paths.resolve(q, b.type, a.path());
        outputName = b.select.stream().filter(s -> a.function().equals(s.aggregate()) && s.path().key().equals(p.key()))
            .map(Selected::outputName).findFirst().orElseThrow(() -> SoqlException.at("MALFORMED_QUERY", q.soql(),
                o.pos(), "Ordered field must be grouped or aggregated: " + a.function() + "(" + p.display() + ")"));
        type = a.function().startsWith("COUNT") ? FieldType.DOUBLE : p.leaf().type();
      } else {
        BoundPath p = paths.resolve(q, b.type, (FieldPath) o.expression());
        if (b.groupBy.stream().noneMatch(g -> g.key().equals(p.key()))) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), o.pos(),
              "Ordered field must be grouped or aggregated: " + p.leaf().name());
        }
        outputName = b.select.stream().filter(s -> s.aggregate() == null && s.path().key().equals(p.key()))
            .map(Selected::outputName).findFirst().orElse(p.leaf().name());
        type = p.leaf().type();
      }
      b.aggregateOrder.add(new AggregateOrder(outputName, o.descending(), o.nullsFirst(), type));
      return;
    }
    if (o.expression() instanceof SoqlAst.Aggregate a) {
      throw SoqlException.at("MALFORMED_QUERY", q.soql(), a.pos(),
          "Aggregate functions in ORDER BY need an aggregate query (GROUP BY)");
    }
    BoundPath p = paths.resolve(q, b.type, (FieldPath) o.expression());
    if (!p.leaf().sortable()) {
      throw SoqlException.at("INVALID_FIELD", q.soql(), o.pos(),
          "field '" + p.leaf().name() + "' can not be sorted in a query call");
    }
    Comparator<Object> values = SoqlValueOrder.nullsOrdered(SoqlValueOrder.of(p.leaf().type()), o.descending(), o.nullsFirst());
    b.order.add((x, y) -> values.compare(paths.read(x, p), paths.read(y, p)));
  }
}
