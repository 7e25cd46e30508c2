package io.rcsync.testkit.sim.salesforce;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * SOQL's LIKE: {@code %} any run of characters, {@code _} one character, {@code \%} and {@code \_} themselves,
 * other escapes as in any string; case-insensitive; the whole value must match.
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm">LIKE</a>
 */
final class SoqlLike {
  private SoqlLike() {}

  /** A matcher of whole values for the pattern's raw text (as written between the quotes). */
  static Predicate<String> matcher(String raw) {
    return literalSegments(raw).<Predicate<String>>map(segments -> value -> segmentsMatch(segments, value))
        .orElseGet(() -> {
          Pattern regex = pattern(raw);
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

  static Pattern pattern(String raw) {
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
}
