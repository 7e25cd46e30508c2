package io.rcsync.testkit.sim.salesforce;

import io.rcsync.testkit.sim.salesforce.SoqlAst.Condition;
import io.rcsync.testkit.sim.salesforce.SoqlAst.FieldPath;
import io.rcsync.testkit.sim.salesforce.SoqlAst.Literal;
import io.rcsync.testkit.sim.salesforce.SoqlAst.Pos;
import io.rcsync.testkit.sim.salesforce.SoqlAst.Query;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Binds a parsed query to the org schema (unknown objects and fields, type checks of every literal, filterable and
 * sortable fields, grouping rules) and runs it against the store, producing records shaped as the REST API
 * returns them.
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
  private final Instant now;
  private final ZoneId zone;
  private final String apiVersion;

  SoqlEngine(OrgStore store, Instant now, ZoneId zone, String apiVersion) {
    this.store = store;
    this.now = now;
    this.zone = zone;
    this.apiVersion = apiVersion;
  }

  /** What a query produced, before paging. */
  record Result(int totalSize, List<Map<String, Object>> records, boolean countOnly, boolean aggregate) {}

  Result execute(Query query, boolean includeDeleted) {
    Bound bound = bind(query);
    List<StoredRecord> rows = new ArrayList<>();
    for (StoredRecord r : store.records(bound.type, includeDeleted)) {
      if (bound.where == null || bound.where.test(r)) {
        rows.add(r);
      }
    }
    if (bound.countOnly) {
      int n = window(rows, query).size();
      return new Result(n, List.of(), true, false);
    }
    if (bound.aggregate) {
      List<Map<String, Object>> groups = aggregate(bound, rows);
      List<Map<String, Object>> page = window(groups, query);
      return new Result(page.size(), page, false, true);
    }
    if (!bound.order.isEmpty()) {
      rows.sort(bound.order.stream().reduce(Comparator::thenComparing).orElseThrow());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (StoredRecord r : window(rows, query)) {
      out.add(project(r, bound.select));
    }
    return new Result(out.size(), out, false, false);
  }

  private static <T> List<T> window(List<T> rows, Query q) {
    int from = q.offset() == null ? 0 : Math.min(q.offset(), rows.size());
    int to = q.limit() == null ? rows.size() : (int) Math.min(rows.size(), (long) from + q.limit());
    return rows.subList(from, to);
  }

  // ---- binding ---------------------------------------------------------------------------------------------

  /** A field reached from the queried object, maybe through lookups ({@code Owner.Name}). */
  record BoundPath(List<SObjectField> hops, SObjectField leaf, String display) {
    String key() {
      return display.toLowerCase(Locale.ROOT);
    }
  }

  /** A select item after binding: a field, or an aggregate with its output name. */
  private record Selected(BoundPath path, String aggregate, String outputName) {}

  private static final class Bound {
    SObjectType type;
    boolean countOnly;
    boolean aggregate;
    List<Selected> select = new ArrayList<>();
    List<BoundPath> groupBy = new ArrayList<>();
    Predicate<StoredRecord> where;
    List<Comparator<StoredRecord>> order = new ArrayList<>();
    List<AggregateOrder> aggregateOrder = new ArrayList<>();
  }

  private record AggregateOrder(String outputName, boolean descending, boolean nullsFirst, FieldType type) {}

  private Bound bind(Query q) {
    Bound b = new Bound();
    b.type = store.schema.object(q.object()).orElseThrow(() -> SoqlException.at("INVALID_TYPE", q.soql(),
        q.objectPos(), "sObject type '" + q.object() + "' is not supported. If you are attempting to use a custom "
            + "object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe "
            + "call for the appropriate names."));
    boolean hasAggregate = q.select().stream().anyMatch(s -> s instanceof SoqlAst.Aggregate);
    b.aggregate = hasAggregate || !q.groupBy().isEmpty();
    for (FieldPath g : q.groupBy()) {
      BoundPath p = resolve(q, b.type, g);
      if (!p.leaf().groupable()) {
        throw SoqlException.at("INVALID_FIELD", q.soql(), g.pos(),
            "field '" + p.leaf().name() + "' can not be grouped in a query call");
      }
      b.groupBy.add(p);
    }
    bindSelect(q, b);
    if (q.where() != null) {
      b.where = compile(q, b.type, q.where());
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
        if (!f.kind().equals("STANDARD") && (q.limit() == null || q.limit() > FIELDS_FUNCTION_MAX_LIMIT)) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), f.pos(), "The SOQL FIELDS function must have a LIMIT "
              + "of at most " + FIELDS_FUNCTION_MAX_LIMIT);
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
        BoundPath p = resolve(q, b.type, f.path());
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
        BoundPath p = resolve(q, b.type, a.path());
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
        BoundPath p = resolve(q, b.type, a.path());
        outputName = b.select.stream().filter(s -> a.function().equals(s.aggregate()) && s.path().key().equals(p.key()))
            .map(Selected::outputName).findFirst().orElseThrow(() -> SoqlException.at("MALFORMED_QUERY", q.soql(),
                o.pos(), "Ordered field must be grouped or aggregated: " + a.function() + "(" + p.display() + ")"));
        type = a.function().startsWith("COUNT") ? FieldType.DOUBLE : p.leaf().type();
      } else {
        BoundPath p = resolve(q, b.type, (FieldPath) o.expression());
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
    BoundPath p = resolve(q, b.type, (FieldPath) o.expression());
    if (!p.leaf().sortable()) {
      throw SoqlException.at("INVALID_FIELD", q.soql(), o.pos(),
          "field '" + p.leaf().name() + "' can not be sorted in a query call");
    }
    Comparator<Object> values = nullsOrdered(valueOrder(p.leaf().type()), o.descending(), o.nullsFirst());
    b.order.add((x, y) -> values.compare(read(x, p), read(y, p)));
  }

  /** Resolves {@code Name}, {@code Owner.Name}, {@code n.Name} (object alias) against the queried object. */
  BoundPath resolve(Query q, SObjectType root, FieldPath path) {
    List<String> segments = path.segments();
    if (segments.size() > 1 && (segments.get(0).equalsIgnoreCase(root.name())
        || (q.objectAlias() != null && segments.get(0).equalsIgnoreCase(q.objectAlias())))
        && root.relationship(segments.get(0)).isEmpty()) {
      segments = segments.subList(1, segments.size());
    }
    SObjectType current = root;
    List<SObjectField> hops = new ArrayList<>();
    List<String> display = new ArrayList<>();
    for (int i = 0; i < segments.size() - 1; i++) {
      String name = segments.get(i);
      SObjectField hop = current.relationship(name).orElseThrow(() -> SoqlException.at("INVALID_FIELD", q.soql(),
          path.pos(), "Didn't understand relationship '" + name + "' in field path. If you are attempting to use a "
              + "custom relationship, be sure to append the '__r' after the custom relationship name. Please "
              + "reference your WSDL or the describe call for the appropriate names."));
      hops.add(hop);
      display.add(hop.relationshipName());
      current = store.schema.requireObject(hop.referenceTo().get(0));
    }
    String leafName = segments.get(segments.size() - 1);
    SObjectType owner = current;
    SObjectField leaf = current.field(leafName).orElseThrow(() -> SoqlException.at("INVALID_FIELD", q.soql(),
        path.pos(), "No such column '" + leafName + "' on entity '" + owner.name() + "'. If you are attempting to "
            + "use a custom field, be sure to append the '__c' after the custom field name. Please reference your "
            + "WSDL or the describe call for the appropriate names."));
    display.add(leaf.name());
    return new BoundPath(List.copyOf(hops), leaf, String.join(".", display));
  }

  private Object read(StoredRecord r, BoundPath p) {
    StoredRecord current = r;
    for (SObjectField hop : p.hops()) {
      Object id = current.get(hop);
      if (id == null) {
        return null;
      }
      current = store.byId(id.toString()).filter(t -> !t.deleted).orElse(null);
      if (current == null) {
        return null;
      }
    }
    return current.get(p.leaf());
  }

  // ---- WHERE -----------------------------------------------------------------------------------------------

  private Predicate<StoredRecord> compile(Query q, SObjectType type, Condition c) {
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
        if (v instanceof DateRange) {
          throw SoqlException.at("MALFORMED_QUERY", q.soql(), l.pos(), "unexpected token: '" + l.text() + "'");
        }
        values.add(v);
      }
      Comparator<Object> order = valueOrder(p.leaf().type());
      Predicate<StoredRecord> member = r -> {
        Object actual = read(r, p);
        return values.stream().anyMatch(v -> v == null ? actual == null : actual != null
            && order.compare(actual, v) == 0);
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
      Predicate<String> matches = likeMatcher(s.raw());
      return r -> {
        Object actual = read(r, p);
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
        Object actual = read(r, p);
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
    SObjectType subType = store.schema.object(sub.object()).orElse(null);
    if (subType != null) {
      BoundPath p = resolve(sub, subType, f.path());
      if (!p.leaf().type().isId()) {
        throw SoqlException.at("MALFORMED_QUERY", sub.soql(), f.path().pos(),
            "A semi join sub-select must select an id or reference field, not " + p.display());
      }
    }
    Result result = execute(sub, false);
    Set<String> keys = new HashSet<>();
    String name = f.path().segments().get(f.path().segments().size() - 1);
    for (Map<String, Object> row : result.records()) {
      row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && e.getValue() != null)
          .forEach(e -> keys.add(SalesforceIds.key(e.getValue().toString())));
    }
    return keys;
  }

  private BoundPath filterable(Query q, SObjectType type, FieldPath field) {
    BoundPath p = resolve(q, type, field);
    if (!p.leaf().filterable()) {
      throw SoqlException.at("INVALID_FIELD", q.soql(), field.pos(),
          "field '" + p.leaf().name() + "' can not be filtered in a query call");
    }
    return p;
  }

  private Predicate<StoredRecord> comparison(BoundPath p, String op, Object expected) {
    Comparator<Object> order = valueOrder(p.leaf().type());
    if (expected instanceof DateRange range) {
      return r -> range.compare(read(r, p), op, zone);
    }
    return r -> {
      Object actual = read(r, p);
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
      case STRING, TEXTAREA, PICKLIST -> {
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
          return DateRange.of(r, LocalDate.ofInstant(now, zone));
        }
      }
      case DATE -> {
        if (literal instanceof SoqlAst.DateLit d) {
          return d.value();
        }
        if (literal instanceof SoqlAst.DateRangeLit r) {
          return DateRange.of(r, LocalDate.ofInstant(now, zone));
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

  /**
   * LIKE: {@code %} any run of characters, {@code _} one character, {@code \%} and {@code \_} themselves, other
   * escapes as in any string; case-insensitive; the whole value must match.
   *
   * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm">LIKE</a>
   */
  static Predicate<String> likeMatcher(String raw) {
    return literalSegments(raw).<Predicate<String>>map(segments -> value -> segmentsMatch(segments, value))
        .orElseGet(() -> {
          Pattern regex = likePattern(raw);
          return value -> regex.matcher(value).matches();
        });
  }

  /**
   * A pattern of {@code %} and literal text without letters (e.g. {@code '%502%813%8900%'}) as its literal runs,
   * first and last possibly empty: case cannot matter, so ordered {@code indexOf} decides it much faster than the
   * regex (a 20,000-text benchmark spent most of its simulator time in LIKE). Empty for anything else.
   */
  private static Optional<List<String>> literalSegments(String raw) {
    List<String> segments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        segments.add(current.toString());
        current.setLength(0);
      } else if (c == '\\' || c == '_' || Character.isLetter(c) || Character.isSurrogate(c)) {
        return Optional.empty();
      } else {
        current.append(c);
      }
    }
    segments.add(current.toString());
    return Optional.of(List.copyOf(segments));
  }

  private static boolean segmentsMatch(List<String> segments, String value) {
    String first = segments.get(0);
    if (segments.size() == 1) {
      return value.equals(first);
    }
    String last = segments.get(segments.size() - 1);
    if (!value.startsWith(first) || value.length() < first.length() + last.length()) {
      return false;
    }
    int from = first.length();
    int end = value.length() - last.length();
    for (int k = 1; k < segments.size() - 1; k++) {
      String seg = segments.get(k);
      int at = value.indexOf(seg, from);
      if (at < 0 || at + seg.length() > end) {
        return false;
      }
      from = at + seg.length();
    }
    return value.endsWith(last);
  }

  static Pattern likePattern(String raw) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        char e = raw.charAt(++i);
        char literal = switch (e) {
          case 'n', 'N' -> '\n';
          case 'r', 'R' -> '\r';
          case 't', 'T' -> '\t';
          case 'b', 'B' -> '\b';
          case 'f', 'F' -> '\f';
          case 'u' -> SoqlLexer.unicodeEscape(raw, i);
          default -> e;
        };
        if (e == 'u') {
          i += 4;
        }
        regex.append(Pattern.quote(String.valueOf(literal)));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  // ---- ordering --------------------------------------------------------------------------------------------

  /** How values of a type compare: text ignoring case, ids on their 15-character key, the rest naturally. */
  static Comparator<Object> valueOrder(FieldType type) {
    return switch (type) {
      case STRING, TEXTAREA, PICKLIST -> (a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.toString(), b.toString());
      case ID, REFERENCE -> Comparator.comparing(o -> SalesforceIds.key(o.toString()));
      default -> (a, b) -> compareNatural(a, b);
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareNatural(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return ((Comparable) a).compareTo(b);
  }

  private static Comparator<Object> nullsOrdered(Comparator<Object> base, boolean descending, boolean nullsFirst) {
    Comparator<Object> directed = descending ? base.reversed() : base;
    return (a, b) -> {
      if (a == null || b == null) {
        if (a == b) {
          return 0;
        }
        return (a == null) == nullsFirst ? -1 : 1;
      }
      return directed.compare(a, b);
    };
  }

  // ---- aggregates ------------------------------------------------------------------------------------------

  private List<Map<String, Object>> aggregate(Bound b, List<StoredRecord> rows) {
    Map<List<Object>, List<StoredRecord>> groups = new LinkedHashMap<>();
    for (StoredRecord r : rows) {
      List<Object> key = new ArrayList<>();
      for (BoundPath g : b.groupBy) {
        Object v = read(r, g);
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
            ? (members.isEmpty() ? null : read(members.get(0), s.path()))
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
        Comparator<Object> values = nullsOrdered(valueOrder(o.type()), o.descending(), o.nullsFirst());
        Comparator<Map<String, Object>> c = (x, y) -> values.compare(sortKeys.get(x).get(o.outputName()),
            sortKeys.get(y).get(o.outputName()));
        cmp = cmp == null ? c : cmp.thenComparing(c);
      }
      out.sort(cmp);
    }
    return out;
  }

  private Object compute(Selected s, Collection<StoredRecord> members) {
    List<Object> values = members.stream().map(r -> read(r, s.path())).filter(Objects::nonNull).toList();
    Comparator<Object> order = valueOrder(s.path().leaf().type());
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

  // ---- projection ------------------------------------------------------------------------------------------

  private Map<String, Object> project(StoredRecord r, List<Selected> select) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("attributes", attributes(r));
    for (Selected s : select) {
      Map<String, Object> target = out;
      StoredRecord current = r;
      boolean reachable = true;
      for (SObjectField hop : s.path().hops()) {
        String rel = hop.relationshipName();
        if (target.containsKey(rel)) {
          Object existing = target.get(rel);
          if (existing == null) {
            reachable = false;
            break;
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> child = (Map<String, Object>) existing;
          Object id = current.get(hop);
          current = store.byId(id.toString()).orElseThrow();
          target = child;
          continue;
        }
        Object id = current.get(hop);
        StoredRecord next = id == null ? null : store.byId(id.toString()).filter(t -> !t.deleted).orElse(null);
        if (next == null) {
          target.put(rel, null);
          reachable = false;
          break;
        }
        Map<String, Object> child = new LinkedHashMap<>();
        child.put("attributes", attributes(next));
        target.put(rel, child);
        target = child;
        current = next;
      }
      if (reachable) {
        target.put(s.path().leaf().name(), ValueCodec.toJson(current.get(s.path().leaf())));
      }
    }
    return out;
  }

  Map<String, Object> attributes(StoredRecord r) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("type", r.type.name());
    a.put("url", "/services/data/v" + apiVersion + "/sobjects/" + r.type.name() + "/" + r.id);
    return a;
  }

  // ---- date literals ---------------------------------------------------------------------------------------

  /**
   * A date literal as the half-open range of days [start, end) it covers, relative to today in the org's zone.
   *
   * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm">Date Literals</a>
   */
  record DateRange(LocalDate start, LocalDate end) {
    static DateRange of(SoqlAst.DateRangeLit lit, LocalDate today) {
      int n = lit.n() == null ? 0 : lit.n();
      LocalDate week = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
      LocalDate month = today.withDayOfMonth(1);
      LocalDate quarter = today.with(IsoFields.DAY_OF_QUARTER, 1);
      LocalDate year = today.withDayOfYear(1);
      return switch (lit.name()) {
        case "YESTERDAY" -> new DateRange(today.minusDays(1), today);
        case "TODAY" -> new DateRange(today, today.plusDays(1));
        case "TOMORROW" -> new DateRange(today.plusDays(1), today.plusDays(2));
        case "LAST_WEEK" -> new DateRange(week.minusWeeks(1), week);
        case "THIS_WEEK" -> new DateRange(week, week.plusWeeks(1));
        case "NEXT_WEEK" -> new DateRange(week.plusWeeks(1), week.plusWeeks(2));
        case "LAST_MONTH" -> new DateRange(month.minusMonths(1), month);
        case "THIS_MONTH" -> new DateRange(month, month.plusMonths(1));
        case "NEXT_MONTH" -> new DateRange(month.plusMonths(1), month.plusMonths(2));
        case "LAST_90_DAYS" -> new DateRange(today.minusDays(90), today.plusDays(1));
        case "NEXT_90_DAYS" -> new DateRange(today.plusDays(1), today.plusDays(91));
        case "LAST_QUARTER" -> new DateRange(quarter.minusMonths(3), quarter);
        case "THIS_QUARTER" -> new DateRange(quarter, quarter.plusMonths(3));
        case "NEXT_QUARTER" -> new DateRange(quarter.plusMonths(3), quarter.plusMonths(6));
        case "LAST_YEAR" -> new DateRange(year.minusYears(1), year);
        case "THIS_YEAR" -> new DateRange(year, year.plusYears(1));
        case "NEXT_YEAR" -> new DateRange(year.plusYears(1), year.plusYears(2));
        case "LAST_N_DAYS" -> new DateRange(today.minusDays(n), today.plusDays(1));
        case "NEXT_N_DAYS" -> new DateRange(today.plusDays(1), today.plusDays(1 + n));
        case "N_DAYS_AGO" -> new DateRange(today.minusDays(n), today.minusDays(n - 1L));
        case "LAST_N_WEEKS" -> new DateRange(week.minusWeeks(n), week);
        case "NEXT_N_WEEKS" -> new DateRange(week.plusWeeks(1), week.plusWeeks(1 + n));
        case "N_WEEKS_AGO" -> new DateRange(week.minusWeeks(n), week.minusWeeks(n - 1L));
        case "LAST_N_MONTHS" -> new DateRange(month.minusMonths(n), month);
        case "NEXT_N_MONTHS" -> new DateRange(month.plusMonths(1), month.plusMonths(1 + n));
        case "N_MONTHS_AGO" -> new DateRange(month.minusMonths(n), month.minusMonths(n - 1L));
        case "LAST_N_QUARTERS" -> new DateRange(quarter.minusMonths(3L * n), quarter);
        case "NEXT_N_QUARTERS" -> new DateRange(quarter.plusMonths(3), quarter.plusMonths(3 + 3L * n));
        case "N_QUARTERS_AGO" -> new DateRange(quarter.minusMonths(3L * n), quarter.minusMonths(3L * n - 3));
        case "LAST_N_YEARS" -> new DateRange(year.minusYears(n), year);
        case "NEXT_N_YEARS" -> new DateRange(year.plusYears(1), year.plusYears(1 + n));
        case "N_YEARS_AGO" -> new DateRange(year.minusYears(n), year.minusYears(n - 1L));
        default -> throw new IllegalStateException(lit.name());
      };
    }

    /** {@code = TODAY}: within; {@code < TODAY}: before the start; {@code > TODAY}: from the end on. */
    boolean compare(Object actual, String op, ZoneId zone) {
      if (actual == null) {
        return op.equals("!=");
      }
      int vsStart;
      int vsEnd;
      if (actual instanceof Instant i) {
        vsStart = i.compareTo(start.atStartOfDay(zone).toInstant());
        vsEnd = i.compareTo(end.atStartOfDay(zone).toInstant());
      } else {
        LocalDate d = (LocalDate) actual;
        vsStart = d.compareTo(start);
        vsEnd = d.compareTo(end);
      }
      boolean within = vsStart >= 0 && vsEnd < 0;
      return switch (op) {
        case "=" -> within;
        case "!=" -> !within;
        case "<" -> vsStart < 0;
        case "<=" -> vsEnd < 0;
        case ">" -> vsEnd >= 0;
        case ">=" -> vsStart >= 0;
        default -> throw new IllegalStateException(op);
      };
    }
  }
}
