package io.rcsync.testkit.sim.salesforce;

import io.rcsync.testkit.sim.salesforce.SoqlAst.Condition;
import io.rcsync.testkit.sim.salesforce.SoqlAst.FieldPath;
import io.rcsync.testkit.sim.salesforce.SoqlAst.Literal;
import io.rcsync.testkit.sim.salesforce.SoqlAst.Query;
import io.rcsync.testkit.sim.salesforce.SoqlPaths.BoundPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * WHERE: compiles a condition into a record filter, checking each field is filterable and each literal's type
 * against its field. Text comparisons, IN and LIKE are case-insensitive; {@code !=} and {@code NOT IN} also match
 * nulls; a date literal such as {@code TODAY} is a range ({@code = TODAY} means within the day, {@code > TODAY}
 * after it), evaluated in the simulator's time zone; {@code IN (SELECT ...)} semi-joins run the subquery first.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm">Comparison Operators</a>
 */
final class SoqlWhere {
  private final SoqlPaths paths;
  private final Instant now;
  private final ZoneId zone;
  private final Function<Query, SoqlEngine.Result> subqueries;

  /** {@code subqueries} runs a semi-join's subquery (without deleted records). */
  SoqlWhere(SoqlPaths paths, Instant now, ZoneId zone, Function<Query, SoqlEngine.Result> subqueries) {
    this.paths = paths;
    this.now = now;
    this.zone = zone;
    this.subqueries = subqueries;
  }

  /** The record filter of a WHERE condition, checked against the schema. */
  Predicate<StoredRecord> compile(Query q, SObjectType type, Condition c) {
    if (c instanceof SoqlAst.And and) {
      List<Predicate<StoredRecord>> parts = and.operands().stream().map(o -> compile(q, type, o)).toList();
      return r -> parts.stream().allMatch(p -> p.test(r));
    }
    if (c instanceof SoqlAst.Or or) {
      List<Predicate<StoredRecord>> parts = or.operands().stream().map(o -> compile(q, type, o)).toList();
      return r -> parts.stream().anyMatch(p -> p.test(r));
    }
    if (c instanceof SoqlAst.Not not) {
      return compile(q, type, not.operand()).negate();
    }
    if (c instanceof SoqlAst.Comparison cmp) {
      BoundPath p = filterable(q, type, cmp.field());
      return comparison(p, cmp.operator(), value(q, p, cmp.value()));
    }
    if (c instanceof SoqlAst.InList in) {
      BoundPath p = filterable(q, type, in.field());
      List<Object> values = new ArrayList<>();
      for (Literal l : in.values()) {
        Object v = value(q, p, l);
        if (v instanceof SoqlDateRange) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), l.pos(), "unexpected token: '" + l.text() + "'");
        }
        values.add(v);
      }
      Comparator<Object> order = SoqlValueOrder.of(p.leaf().type());
      // a sorted set under the field's own order (the same equality as comparing each value): a lookup of 1,000
      // external ids costs a row log 1,000 comparisons instead of 1,000, which kept large benchmarks CPU-bound
      boolean nullListed = values.contains(null);
      java.util.TreeSet<Object> listed = new java.util.TreeSet<>(order);
      values.stream().filter(java.util.Objects::nonNull).forEach(listed::add);
      Predicate<StoredRecord> member = r -> {
        Object actual = paths.read(r, p);
        return actual == null ? nullListed : listed.contains(actual);
      };
      return in.negated() ? member.negate() : member;
    }
    if (c instanceof SoqlAst.Like like) {
      BoundPath p = filterable(q, type, like.field());
      FieldType t = p.leaf().type();
      if (!t.isText()) {
        throw SoqlException.at("INVALID_QUERY_FILTER_OPERATOR", q.soql(), like.pos(),
            "invalid operator on " + t.soqlName() + " field");
      }
      if (like.pattern() instanceof SoqlAst.NullLit) {
        return r -> false;
      }
      if (!(like.pattern() instanceof SoqlAst.StringLit s)) {
        throw typeError(q, p, like.pattern());
      }
      Predicate<String> matches = SoqlLike.matcher(s.raw());
      return r -> {
        Object actual = paths.read(r, p);
        return actual != null && matches.test(actual.toString());
      };
    }
    if (c instanceof SoqlAst.InSubquery in) {
      BoundPath p = filterable(q, type, in.field());
      if (!p.leaf().type().isId()) {
        throw SoqlException.at("MALFORMED_QUERY", q.soql(), in.pos(),
            "Semi join sub-selects are only allowed on id or reference fields, not " + p.display());
      }
      Set<String> keys = semiJoinKeys(in.subquery());
      Predicate<StoredRecord> member = r -> {
        Object actual = paths.read(r, p);
        return actual != null && keys.contains(SalesforceIds.key(actual.toString()));
      };
      return in.negated() ? member.negate() : member;
    }
    throw new IllegalStateException("unknown condition " + c);
  }

  private Set<String> semiJoinKeys(Query sub) {
    if (sub.select().size() != 1 || !(sub.select().get(0) instanceof SoqlAst.FieldItem f)) {
      throw SoqlException.at("MALFORMED_QUERY", sub.soql(), sub.objectPos(),
          "A semi join sub-select must select exactly one id or reference field");
    }
    SObjectType subType = paths.schema().object(sub.object()).orElse(null);
    if (subType != null) {
      BoundPath p = paths.resolve(sub, subType, f.path());
      if (!p.leaf().type().isId()) {
        throw SoqlException.at("MALFORMED_QUERY", sub.soql(), f.path().pos(),
            "A semi join sub-select must select an id or reference field, not " + p.display());
      }
    }
    SoqlEngine.Result result = subqueries.apply(sub);
    Set<String> keys = new HashSet<>();
    String name = f.path().segments().get(f.path().segments().size() - 1);
    for (Map<String, Object> row : result.records()) {
      row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && e.getValue() != null)
          .forEach(e -> keys.add(SalesforceIds.key(e.getValue().toString())));
    }
    return keys;
  }

  private BoundPath filterable(Query q, SObjectType type, FieldPath field) {
    BoundPath p = paths.resolve(q, type, field);
    if (!p.leaf().filterable()) {
      throw SoqlException.at("INVALID_FIELD", q.soql(), field.pos(),
          "field '" + p.leaf().name() + "' can not be filtered in a query call");
    }
    return p;
  }

  private Predicate<StoredRecord> comparison(BoundPath p, String op, Object expected) {
    Comparator<Object> order = SoqlValueOrder.of(p.leaf().type());
    if (expected instanceof SoqlDateRange range) {
      return r -> range.compare(paths.read(r, p), op, zone);
    }
    return r -> {
      Object actual = paths.read(r, p);
      if (expected == null || actual == null) {
        boolean same = expected == actual;
        return switch (op) {
          case "=" -> same;
          case "!=" -> !same;
          default -> false;
        };
      }
      int cmp = order.compare(actual, expected);
      return switch (op) {
        case "=" -> cmp == 0;
        case "!=" -> cmp != 0;
        case "<" -> cmp < 0;
        case "<=" -> cmp <= 0;
        case ">" -> cmp > 0;
        case ">=" -> cmp >= 0;
        default -> throw new IllegalStateException(op);
      };
    };
  }

  /** The value a literal stands for when compared with a field, or a type error as Salesforce reports it. */
  private Object value(Query q, BoundPath p, Literal literal) {
    if (literal instanceof SoqlAst.NullLit) {
      return null;
    }
    FieldType t = p.leaf().type();
    switch (t) {
      case STRING, TEXTAREA, RICHTEXTAREA, PICKLIST -> {
        if (literal instanceof SoqlAst.StringLit s) {
          return SoqlLexer.decode(s.raw());
        }
      }
      case ID, REFERENCE -> {
        if (literal instanceof SoqlAst.StringLit s) {
          String id = SoqlLexer.decode(s.raw());
          if (!SalesforceIds.looksLikeId(id)) {
            throw SoqlException.at("INVALID_QUERY_FILTER_OPERATOR", q.soql(), literal.pos(),
                "invalid ID field: " + id);
          }
          return id;
        }
      }
      case DATETIME -> {
        if (literal instanceof SoqlAst.DateTimeLit d) {
          return d.value();
        }
        if (literal instanceof SoqlAst.DateRangeLit r) {
          return SoqlDateRange.of(r, LocalDate.ofInstant(now, zone));
        }
      }
      case DATE -> {
        if (literal instanceof SoqlAst.DateLit d) {
          return d.value();
        }
        if (literal instanceof SoqlAst.DateRangeLit r) {
          return SoqlDateRange.of(r, LocalDate.ofInstant(now, zone));
        }
      }
      case BOOLEAN -> {
        if (literal instanceof SoqlAst.BooleanLit b) {
          return b.value();
        }
      }
      case DOUBLE -> {
        if (literal instanceof SoqlAst.NumberLit n) {
          return n.value().doubleValue();
        }
      }
      default -> throw new IllegalStateException(t.name());
    }
    throw typeError(q, p, literal);
  }

  private static SoqlException typeError(Query q, BoundPath p, Literal literal) {
    FieldType t = p.leaf().type();
    String reason = t.isText()
        ? "must be of type string and should be enclosed in quotes"
        : t.isId() ? "must be of type id and should be enclosed in quotes"
        : "must be of type " + t.soqlName() + " and should not be enclosed in quotes";
    return SoqlException.at("INVALID_QUERY_FILTER_OPERATOR", q.soql(), literal.pos(),
        "value of filter criterion for field '" + p.leaf().name() + "' " + reason);
  }
}
