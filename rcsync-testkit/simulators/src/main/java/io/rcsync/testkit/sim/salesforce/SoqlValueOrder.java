package io.rcsync.testkit.sim.salesforce;

import java.util.Comparator;

/**
 * How SOQL compares and sorts field values: text ignoring case, ids on their 15-character key, the rest naturally;
 * nulls first unless {@code NULLS LAST}.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_orderby.htm">ORDER BY</a>
 */
final class SoqlValueOrder {
  private SoqlValueOrder() {}

  /** How values of a type compare: text ignoring case, ids on their 15-character key, the rest naturally. */
  static Comparator<Object> of(FieldType type) {
    return switch (type) {
      case STRING, TEXTAREA, RICHTEXTAREA, PICKLIST -> (a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.toString(), b.toString());
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

  /** {@code base} in the given direction, nulls first or last whatever the direction. */
  static Comparator<Object> nullsOrdered(Comparator<Object> base, boolean descending, boolean nullsFirst) {
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
}
