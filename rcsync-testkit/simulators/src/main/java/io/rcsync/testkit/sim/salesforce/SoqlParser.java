package io.rcsync.testkit.sim.salesforce;

import io.rcsync.testkit.sim.salesforce.SoqlAst.Condition;
import io.rcsync.testkit.sim.salesforce.SoqlAst.FieldPath;
import io.rcsync.testkit.sim.salesforce.SoqlAst.Literal;
import io.rcsync.testkit.sim.salesforce.SoqlAst.Pos;
import io.rcsync.testkit.sim.salesforce.SoqlAst.Query;
import io.rcsync.testkit.sim.salesforce.SoqlAst.SelectItem;
import io.rcsync.testkit.sim.salesforce.SoqlLexer.Kind;
import io.rcsync.testkit.sim.salesforce.SoqlLexer.Token;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for the SOQL subset the simulator runs:
 *
 * <pre>
 * query      := SELECT selectItem (',' selectItem)* FROM object [alias]
 *               [WHERE condition] [GROUP BY path (',' path)*] [ORDER BY order (',' order)*]
 *               [LIMIT int] [OFFSET int] [FOR (VIEW|REFERENCE)]
 * selectItem := COUNT '(' ')' | aggregate '(' path ')' [alias] | FIELDS '(' (ALL|STANDARD|CUSTOM) ')' | path [alias]
 * aggregate  := COUNT | COUNT_DISTINCT | MIN | MAX | SUM | AVG
 * path       := ident ('.' ident)*
 * condition  := unary ((AND unary)+ | (OR unary)+)?      -- mixing AND and OR needs parentheses, as in SOQL
 * unary      := NOT unary | '(' condition ')' | predicate
 * predicate  := path op literal | path LIKE literal | path [NOT] IN '(' (literal (',' literal)* | query) ')'
 * op         := = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 * literal    := 'string' | number | true | false | null | 2026-01-01 | 2026-01-01T00:00:00Z | 2026-01-01T00:00:00+02:00
 *             | TODAY | LAST_N_DAYS ':' int | ... (date literals)
 * order      := (path | aggregate '(' path ')') [ASC|DESC] [NULLS (FIRST|LAST)]
 * </pre>
 *
 * Recognised SOQL that the simulator does not run (TYPEOF, child subqueries, HAVING, WITH, bind variables,
 * INCLUDES, functions other than the aggregates, fiscal date literals) fails with MALFORMED_QUERY saying so.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm">SOQL SELECT Syntax</a>
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm">SOQL limits: 100,000-character statements, 4,000-character strings</a>
 */
final class SoqlParser {
  static final int MAX_SOQL_LENGTH = 100_000;
  static final int MAX_WHERE_STRING_LENGTH = 4_000;
  static final int MAX_OFFSET = 2_000;

  static final Set<String> AGGREGATES = Set.of("COUNT", "COUNT_DISTINCT", "MIN", "MAX", "SUM", "AVG");

  /** Date literals without a parameter. */
  static final Set<String> FIXED_DATE_LITERALS = Set.of("YESTERDAY", "TODAY", "TOMORROW", "LAST_WEEK", "THIS_WEEK",
      "NEXT_WEEK", "LAST_MONTH", "THIS_MONTH", "NEXT_MONTH", "LAST_90_DAYS", "NEXT_90_DAYS", "THIS_QUARTER",
      "LAST_QUARTER", "NEXT_QUARTER", "THIS_YEAR", "LAST_YEAR", "NEXT_YEAR");

  /** Date literals taking {@code :n}. */
  static final Set<String> N_DATE_LITERALS = Set.of("LAST_N_DAYS", "NEXT_N_DAYS", "N_DAYS_AGO", "LAST_N_WEEKS",
      "NEXT_N_WEEKS", "N_WEEKS_AGO", "LAST_N_MONTHS", "NEXT_N_MONTHS", "N_MONTHS_AGO", "LAST_N_QUARTERS",
      "NEXT_N_QUARTERS", "N_QUARTERS_AGO", "LAST_N_YEARS", "NEXT_N_YEARS", "N_YEARS_AGO");

  /** Words that end a clause and so can't be an alias. */
  private static final Set<String> CLAUSE_WORDS = Set.of("FROM", "WHERE", "WITH", "GROUP", "HAVING", "ORDER", "LIMIT",
      "OFFSET", "FOR", "UPDATE", "USING", "AND", "OR", "NOT", "ASC", "DESC", "NULLS");

  /**
   * SOQL's reserved words, which can't name a field or object.
   *
   * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_reservedwords.htm">Reserved Characters and Keywords</a>
   */
  static final Set<String> RESERVED = Set.of("AND", "ASC", "DESC", "EXCLUDES", "FIRST", "FROM", "GROUP", "HAVING",
      "IN", "INCLUDES", "LAST", "LIKE", "LIMIT", "NOT", "NULL", "NULLS", "OR", "SELECT", "WHERE", "WITH");

  private final String soql;
  private final List<Token> tokens;
  private int index;

  private SoqlParser(String soql) {
    this.soql = soql;
    this.tokens = SoqlLexer.tokenize(soql);
  }

  static Query parse(String soql) {
    if (soql == null || soql.isBlank()) {
      throw new SoqlException("MALFORMED_QUERY", "A SOQL query is required (parameter q is missing or empty)");
    }
    if (soql.length() > MAX_SOQL_LENGTH) {
      // Salesforce documents the 100,000-character limit (limits cheat sheet; Help article 000386440, "Maximum length
      // for SOQL statements": https://help.salesforce.com/s/articleView?id=000386440) but names no error code for it,
      // only QUERY_TOO_COMPLICATED for statements that grow past it when expanded; MALFORMED_QUERY is the code a
      // statement SOQL refuses gets. The same check applies in a composite subrequest, whose url is in the body and so
      // escapes only the 16,384-byte URI limit (SalesforceHttpHandler), not this one.
      throw new SoqlException("MALFORMED_QUERY", "SOQL statements cannot be longer than " + MAX_SOQL_LENGTH
          + " characters (this one has " + soql.length() + ")");
    }
    SoqlParser parser = new SoqlParser(soql);
    Query query = parser.query();
    parser.expectEnd();
    return query;
  }

  private Query query() {
    expectKeyword("SELECT");
    List<SelectItem> select = new ArrayList<>();
    do {
      select.add(selectItem());
    } while (accept(Kind.COMMA));
    expectKeyword("FROM");
    Token object = name();
    String alias = null;
    if (peek().kind() == Kind.IDENT && !CLAUSE_WORDS.contains(upper(peek()))) {
      alias = next().text();
    }
    if (peek().is("USING")) {
      throw unsupported(peek(), "USING SCOPE");
    }
    Condition where = null;
    if (acceptKeyword("WHERE")) {
      where = condition();
    }
    if (peek().is("WITH")) {
      throw unsupported(peek(), "WITH");
    }
    List<FieldPath> groupBy = new ArrayList<>();
    if (acceptKeyword("GROUP")) {
      expectKeyword("BY");
      if (peek().is("ROLLUP") || peek().is("CUBE")) {
        throw unsupported(peek(), "GROUP BY " + peek().text().toUpperCase(Locale.ROOT));
      }
      do {
        groupBy.add(path());
      } while (accept(Kind.COMMA));
    }
    if (peek().is("HAVING")) {
      throw unsupported(peek(), "HAVING");
    }
    List<SoqlAst.OrderItem> orderBy = new ArrayList<>();
    if (acceptKeyword("ORDER")) {
      expectKeyword("BY");
      do {
        orderBy.add(orderItem());
      } while (accept(Kind.COMMA));
    }
    Integer limit = null;
    Pos limitPos = null;
    if (peek().is("LIMIT")) {
      limitPos = next().pos();
      limit = nonNegativeInt("LIMIT");
    }
    Integer offset = null;
    Pos offsetPos = null;
    if (peek().is("OFFSET")) {
      offsetPos = next().pos();
      offset = nonNegativeInt("OFFSET");
      if (offset > MAX_OFFSET) {
        throw SoqlException.at("NUMBER_OUTSIDE_VALID_RANGE", soql, offsetPos,
            "Maximum SOQL offset allowed is " + MAX_OFFSET);
      }
    }
    if (peek().is("FOR")) {
      next();
      if (peek().is("UPDATE")) {
        throw unsupported(peek(), "FOR UPDATE");
      }
      if (!acceptKeyword("VIEW") && !acceptKeyword("REFERENCE")) {
        throw unexpected(peek());
      }
    }
    if (peek().is("UPDATE")) {
      throw unsupported(peek(), "UPDATE TRACKING/VIEWSTAT");
    }
    return new Query(soql, List.copyOf(select), object.text(), object.pos(), alias, where, List.copyOf(groupBy),
        List.copyOf(orderBy), limit, offset, limitPos, offsetPos);
  }

  private SelectItem selectItem() {
    Token t = peek();
    if (t.kind() == Kind.LPAREN) {
      throw unsupported(t, "A relationship subquery in SELECT");
    }
    if (t.is("TYPEOF")) {
      throw unsupported(t, "TYPEOF");
    }
    if (t.kind() == Kind.IDENT && peek(1).kind() == Kind.LPAREN) {
      String fn = upper(t);
      if (fn.equals("COUNT") && peek(2).kind() == Kind.RPAREN) {
        next();
        next();
        next();
        return new SoqlAst.CountAll(t.pos());
      }
      if (fn.equals("FIELDS")) {
        next();
        next();
        Token kind = expect(Kind.IDENT);
        String k = upper(kind);
        if (!k.equals("ALL") && !k.equals("STANDARD") && !k.equals("CUSTOM")) {
          throw unexpected(kind);
        }
        expect(Kind.RPAREN);
        return new SoqlAst.FieldsFunction(k, t.pos());
      }
      if (AGGREGATES.contains(fn)) {
        SoqlAst.Aggregate agg = aggregate();
        String alias = null;
        if (peek().kind() == Kind.IDENT && !CLAUSE_WORDS.contains(upper(peek()))) {
          alias = next().text();
        }
        return new SoqlAst.Aggregate(agg.function(), agg.path(), alias, agg.pos());
      }
      throw unsupported(t, "The function " + t.text() + "()");
    }
    FieldPath path = path();
    if (peek().kind() == Kind.IDENT && !CLAUSE_WORDS.contains(upper(peek()))) {
      Token alias = next();
      return new SoqlAst.FieldItem(path, alias.text(), alias.pos());
    }
    return new SoqlAst.FieldItem(path, null, null);
  }

  private SoqlAst.Aggregate aggregate() {
    Token fn = next();
    expect(Kind.LPAREN);
    FieldPath path = path();
    expect(Kind.RPAREN);
    return new SoqlAst.Aggregate(upper(fn), path, null, fn.pos());
  }

  private SoqlAst.OrderItem orderItem() {
    Token start = peek();
    Object expression;
    if (start.kind() == Kind.IDENT && peek(1).kind() == Kind.LPAREN) {
      if (!AGGREGATES.contains(upper(start))) {
        throw unsupported(start, "The function " + start.text() + "()");
      }
      expression = aggregate();
    } else {
      expression = path();
    }
    boolean descending = false;
    if (acceptKeyword("DESC")) {
      descending = true;
    } else {
      acceptKeyword("ASC");
    }
    boolean nullsFirst = true;
    if (acceptKeyword("NULLS")) {
      if (acceptKeyword("LAST")) {
        nullsFirst = false;
      } else {
        expectKeyword("FIRST");
      }
    }
    return new SoqlAst.OrderItem(expression, descending, nullsFirst, start.pos());
  }

  private FieldPath path() {
    Token first = name();
    List<String> segments = new ArrayList<>();
    segments.add(first.text());
    while (peek().kind() == Kind.DOT) {
      next();
      segments.add(name().text());
    }
    return new FieldPath(List.copyOf(segments), first.pos());
  }

  // ---- conditions ------------------------------------------------------------------------------------------

  private Condition condition() {
    Condition first = unary();
    if (peek().is("AND") || peek().is("OR")) {
      String joiner = upper(peek());
      List<Condition> operands = new ArrayList<>();
      operands.add(first);
      while (acceptKeyword(joiner)) {
        operands.add(unary());
      }
      if (peek().is("AND") || peek().is("OR")) {
        // SOQL refuses "a AND b OR c": parentheses must say which comes first
        throw unexpected(peek());
      }
      return joiner.equals("AND") ? new SoqlAst.And(List.copyOf(operands)) : new SoqlAst.Or(List.copyOf(operands));
    }
    return first;
  }

  private Condition unary() {
    if (acceptKeyword("NOT")) {
      return new SoqlAst.Not(unary());
    }
    if (accept(Kind.LPAREN)) {
      Condition inner = condition();
      expect(Kind.RPAREN);
      return inner;
    }
    return predicate();
  }

  private Condition predicate() {
    Token start = peek();
    if (start.kind() == Kind.IDENT && peek(1).kind() == Kind.LPAREN) {
      throw unsupported(start, "The function " + start.text() + "() in WHERE");
    }
    FieldPath field = path();
    Token op = next();
    if (op.kind() == Kind.OPERATOR) {
      String operator = op.text().equals("<>") ? "!=" : op.text();
      return new SoqlAst.Comparison(field, operator, literal(), op.pos());
    }
    if (op.is("LIKE")) {
      return new SoqlAst.Like(field, literal(), op.pos());
    }
    boolean negated = false;
    if (op.is("NOT")) {
      negated = true;
      Token in = next();
      if (!in.is("IN")) {
        throw unexpected(in);
      }
    } else if (!op.is("IN")) {
      if (op.is("INCLUDES") || op.is("EXCLUDES")) {
        throw unsupported(op, op.text().toUpperCase(Locale.ROOT));
      }
      throw unexpected(op);
    }
    expect(Kind.LPAREN);
    if (peek().is("SELECT")) {
      Query sub = query();
      expect(Kind.RPAREN);
      return new SoqlAst.InSubquery(field, negated, sub, op.pos());
    }
    List<Literal> values = new ArrayList<>();
    do {
      values.add(literal());
    } while (accept(Kind.COMMA));
    expect(Kind.RPAREN);
    return new SoqlAst.InList(field, negated, List.copyOf(values), op.pos());
  }

  private Literal literal() {
    Token t = next();
    switch (t.kind()) {
      case STRING -> {
        String raw = (String) t.value();
        if (raw.length() > MAX_WHERE_STRING_LENGTH) {
          throw SoqlException.at("MALFORMED_QUERY", soql, t.pos(), "String literals in a WHERE clause cannot be "
              + "longer than " + MAX_WHERE_STRING_LENGTH + " characters");
        }
        return new SoqlAst.StringLit(raw, t.pos(), t.text());
      }
      case NUMBER -> {
        return new SoqlAst.NumberLit((BigDecimal) t.value(), t.pos(), t.text());
      }
      case DATE -> {
        return new SoqlAst.DateLit((java.time.LocalDate) t.value(), t.pos(), t.text());
      }
      case DATETIME -> {
        return new SoqlAst.DateTimeLit((java.time.Instant) t.value(), t.pos(), t.text());
      }
      case COLON -> throw unsupported(t, "A bind variable (:name) outside Apex");
      case IDENT -> {
        String word = upper(t);
        if (word.equals("NULL")) {
          return new SoqlAst.NullLit(t.pos(), t.text());
        }
        if (word.equals("TRUE") || word.equals("FALSE")) {
          return new SoqlAst.BooleanLit(word.equals("TRUE"), t.pos(), t.text());
        }
        if (FIXED_DATE_LITERALS.contains(word)) {
          return new SoqlAst.DateRangeLit(word, null, t.pos(), t.text());
        }
        if (N_DATE_LITERALS.contains(word)) {
          expect(Kind.COLON);
          Token n = expect(Kind.NUMBER);
          BigDecimal value = (BigDecimal) n.value();
          if (value.scale() > 0 || value.signum() < 0) {
            throw unexpected(n);
          }
          return new SoqlAst.DateRangeLit(word, value.intValueExact(), t.pos(), t.text() + ":" + n.text());
        }
        if (word.contains("FISCAL")) {
          throw unsupported(t, "The fiscal date literal " + word);
        }
        throw unexpected(t);
      }
      default -> throw unexpected(t);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private int nonNegativeInt(String clause) {
    Token n = next();
    if (n.kind() != Kind.NUMBER || ((BigDecimal) n.value()).scale() > 0) {
      throw unexpected(n);
    }
    BigDecimal v = (BigDecimal) n.value();
    if (v.signum() < 0) {
      throw SoqlException.at("MALFORMED_QUERY", soql, n.pos(), clause + " must be a non-negative value");
    }
    return v.min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue();
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = tokens.get(index);
    if (index < tokens.size() - 1) {
      index++;
    }
    return t;
  }

  private boolean accept(Kind kind) {
    if (peek().kind() == kind) {
      next();
      return true;
    }
    return false;
  }

  private boolean acceptKeyword(String keyword) {
    if (peek().is(keyword)) {
      next();
      return true;
    }
    return false;
  }

  /** An identifier that is not a reserved word. */
  private Token name() {
    Token t = expect(Kind.IDENT);
    if (RESERVED.contains(upper(t))) {
      throw unexpected(t);
    }
    return t;
  }

  private Token expect(Kind kind) {
    Token t = next();
    if (t.kind() != kind) {
      throw unexpected(t);
    }
    return t;
  }

  private void expectKeyword(String keyword) {
    Token t = next();
    if (!t.is(keyword)) {
      throw unexpected(t);
    }
  }

  private void expectEnd() {
    if (peek().kind() != Kind.EOF) {
      throw unexpected(peek());
    }
  }

  private SoqlException unexpected(Token t) {
    return SoqlException.at("MALFORMED_QUERY", soql, t.pos(), "unexpected token: " + t.describe());
  }

  private SoqlException unsupported(Token t, String what) {
    return SoqlException.at("MALFORMED_QUERY", soql, t.pos(), what + " is not supported by the Salesforce simulator");
  }

  private static String upper(Token t) {
    return t.text().toUpperCase(Locale.ROOT);
  }
}
