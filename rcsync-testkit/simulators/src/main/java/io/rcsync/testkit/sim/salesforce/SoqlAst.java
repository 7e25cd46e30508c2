package io.rcsync.testkit.sim.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The syntax tree of a parsed SOQL query. Every node keeps its position for error messages. */
final class SoqlAst {
  private SoqlAst() {}

  /** 0-based offset, 1-based line and column. */
  record Pos(int offset, int line, int column) {}

  /** {@code Name}, {@code Owner.Name}, {@code litify_pm__lit_Matter__r.Name}. */
  record FieldPath(List<String> segments, Pos pos) {
    String text() {
      return String.join(".", segments);
    }
  }

  sealed interface SelectItem permits FieldItem, CountAll, Aggregate, FieldsFunction {}

  record FieldItem(FieldPath path, String alias, Pos aliasPos) implements SelectItem {}

  /** {@code COUNT()}: the query answers only totalSize. */
  record CountAll(Pos pos) implements SelectItem {}

  /** COUNT(f), COUNT_DISTINCT(f), MIN, MAX, SUM, AVG; {@code path} is null for COUNT(Id)-less forms. */
  record Aggregate(String function, FieldPath path, String alias, Pos pos) implements SelectItem {}

  /** {@code FIELDS(ALL|STANDARD|CUSTOM)}. */
  record FieldsFunction(String kind, Pos pos) implements SelectItem {}

  sealed interface Condition permits And, Or, Not, Comparison, InList, Like, InSubquery {}

  record And(List<Condition> operands) implements Condition {}

  record Or(List<Condition> operands) implements Condition {}

  record Not(Condition operand) implements Condition {}

  /** {@code field op literal} with op one of = != < <= > >=. */
  record Comparison(FieldPath field, String operator, Literal value, Pos operatorPos) implements Condition {}

  record InList(FieldPath field, boolean negated, List<Literal> values, Pos pos) implements Condition {}

  record Like(FieldPath field, Literal pattern, Pos pos) implements Condition {}

  /** Semi-join {@code Id IN (SELECT LookupField__c FROM Child__c WHERE ...)}. */
  record InSubquery(FieldPath field, boolean negated, Query subquery, Pos pos) implements Condition {}

  sealed interface Literal permits StringLit, NumberLit, BooleanLit, NullLit, DateTimeLit, DateLit, DateRangeLit {
    Pos pos();

    String text();
  }

  /** {@code raw} is the text between the quotes, escapes not yet decoded (LIKE treats \% and \_ differently). */
  record StringLit(String raw, Pos pos, String text) implements Literal {}

  record NumberLit(BigDecimal value, Pos pos, String text) implements Literal {}

  record BooleanLit(boolean value, Pos pos, String text) implements Literal {}

  record NullLit(Pos pos, String text) implements Literal {}

  record DateTimeLit(Instant value, Pos pos, String text) implements Literal {}

  record DateLit(LocalDate value, Pos pos, String text) implements Literal {}

  /** TODAY, LAST_N_DAYS:30 ...; {@code n} is null for the fixed ones. */
  record DateRangeLit(String name, Integer n, Pos pos, String text) implements Literal {}

  /** {@code expression} is a FieldPath or an Aggregate. */
  record OrderItem(Object expression, boolean descending, boolean nullsFirst, Pos pos) {}

  record Query(
      String soql,
      List<SelectItem> select,
      String object,
      Pos objectPos,
      String objectAlias,
      Condition where,
      List<FieldPath> groupBy,
      List<OrderItem> orderBy,
      Integer limit,
      Integer offset,
      Pos limitPos,
      Pos offsetPos) {}
}
