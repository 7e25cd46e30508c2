package io.rcsync.testkit.sim.salesforce;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * A date literal as the half-open range of days [start, end) it covers, relative to today in the org's zone.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm">Date Literals</a>
 */
record SoqlDateRange(LocalDate start, LocalDate end) {
  static SoqlDateRange of(SoqlAst.DateRangeLit lit, LocalDate today) {
    int n = lit.n() == null ? 0 : lit.n();
    LocalDate week = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
    LocalDate month = today.withDayOfMonth(1);
    LocalDate quarter = today.with(IsoFields.DAY_OF_QUARTER, 1);
    LocalDate year = today.withDayOfYear(1);
    return switch (lit.name()) {
      case "YESTERDAY" -> new SoqlDateRange(today.minusDays(1), today);
      case "TODAY" -> new SoqlDateRange(today, today.plusDays(1));
      case "TOMORROW" -> new SoqlDateRange(today.plusDays(1), today.plusDays(2));
      case "LAST_WEEK" -> new SoqlDateRange(week.minusWeeks(1), week);
      case "THIS_WEEK" -> new SoqlDateRange(week, week.plusWeeks(1));
      case "NEXT_WEEK" -> new SoqlDateRange(week.plusWeeks(1), week.plusWeeks(2));
      case "LAST_MONTH" -> new SoqlDateRange(month.minusMonths(1), month);
      case "THIS_MONTH" -> new SoqlDateRange(month, month.plusMonths(1));
      case "NEXT_MONTH" -> new SoqlDateRange(month.plusMonths(1), month.plusMonths(2));
      case "LAST_90_DAYS" -> new SoqlDateRange(today.minusDays(90), today.plusDays(1));
      case "NEXT_90_DAYS" -> new SoqlDateRange(today.plusDays(1), today.plusDays(91));
      case "LAST_QUARTER" -> new SoqlDateRange(quarter.minusMonths(3), quarter);
      case "THIS_QUARTER" -> new SoqlDateRange(quarter, quarter.plusMonths(3));
      case "NEXT_QUARTER" -> new SoqlDateRange(quarter.plusMonths(3), quarter.plusMonths(6));
      case "LAST_YEAR" -> new SoqlDateRange(year.minusYears(1), year);
      case "THIS_YEAR" -> new SoqlDateRange(year, year.plusYears(1));
      case "NEXT_YEAR" -> new SoqlDateRange(year.plusYears(1), year.plusYears(2));
      case "LAST_N_DAYS" -> new SoqlDateRange(today.minusDays(n), today.plusDays(1));
      case "NEXT_N_DAYS" -> new SoqlDateRange(today.plusDays(1), today.plusDays(1 + n));
      case "N_DAYS_AGO" -> new SoqlDateRange(today.minusDays(n), today.minusDays(n - 1L));
      case "LAST_N_WEEKS" -> new SoqlDateRange(week.minusWeeks(n), week);
      case "NEXT_N_WEEKS" -> new SoqlDateRange(week.plusWeeks(1), week.plusWeeks(1 + n));
      case "N_WEEKS_AGO" -> new SoqlDateRange(week.minusWeeks(n), week.minusWeeks(n - 1L));
      case "LAST_N_MONTHS" -> new SoqlDateRange(month.minusMonths(n), month);
      case "NEXT_N_MONTHS" -> new SoqlDateRange(month.plusMonths(1), month.plusMonths(1 + n));
      case "N_MONTHS_AGO" -> new SoqlDateRange(month.minusMonths(n), month.minusMonths(n - 1L));
      case "LAST_N_QUARTERS" -> new SoqlDateRange(quarter.minusMonths(3L * n), quarter);
      case "NEXT_N_QUARTERS" -> new SoqlDateRange(quarter.plusMonths(3), quarter.plusMonths(3 + 3L * n));
      case "N_QUARTERS_AGO" -> new SoqlDateRange(quarter.minusMonths(3L * n), quarter.minusMonths(3L * n - 3));
      case "LAST_N_YEARS" -> new SoqlDateRange(year.minusYears(n), year);
      case "NEXT_N_YEARS" -> new SoqlDateRange(year.plusYears(1), year.plusYears(1 + n));
      case "N_YEARS_AGO" -> new SoqlDateRange(year.minusYears(n), year.minusYears(n - 1L));
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
