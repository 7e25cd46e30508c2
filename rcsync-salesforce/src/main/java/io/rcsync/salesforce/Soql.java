package io.rcsync.salesforce;

import io.rcsync.core.domain.SalesforceId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds SOQL safely. Every value goes through {@link #literal}/{@link #likeLiteral}; every object or field name
 * from config goes through {@link #identifier}, so neither data nor config can change a query's shape.
 *
 * <p>Escapes per "Quoted String Escape Sequences"
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm):
 * {@code \' \" \\ \n \r \t \b \f}, and in LIKE patterns only {@code \%} and {@code \_} for literal wildcard
 * characters. Reserved characters: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_reservedcharacters.htm
 */
final class Soql {
  /** Salesforce API names: a letter, then letters, digits and underscores (namespaces and __c included). */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,254}");
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Soql() {}

  /**
   * Returns {@code name} when it is a valid API name, else throws naming the config key.
   *
   * @param what the config key that supplied it, e.g. {@code phoneFields}
   */
  static String identifier(String name, String what) {
    if (!isIdentifier(name)) {
      throw new IllegalArgumentException(
          "config " + what + ": '" + name + "' is not a valid Salesforce API name (letters, digits and _ only)");
    }
    return name;
  }

  static boolean isIdentifier(String name) {
    return name != null && IDENTIFIER.matcher(name).matches();
  }

  /** The content of a quoted string literal, without the quotes. */
  static String escape(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A quoted string literal: {@code 'Bob\'s BBQ'}. */
  static String literal(String value) {
    return "'" + escape(value) + "'";
  }

  /** Literal text inside a LIKE pattern: also escapes the wildcards {@code %} and {@code _}. */
  static String escapeLike(String value) {
    return escape(value).replace("%", "\\%").replace("_", "\\_");
  }

  /** A LIKE pattern matching values that contain every part, in order: {@code '%502%813%8900%'}. */
  static String likeContainsInOrder(List<String> parts) {
    return "'%" + parts.stream().map(Soql::escapeLike).collect(Collectors.joining("%")) + "%'";
  }

  /** A LIKE pattern matching values that start with the prefix: {@code 'rc\_msg\_%'}. */
  static String likePrefix(String prefix) {
    return "'" + escapeLike(prefix) + "%'";
  }

  /** A dateTime literal (unquoted, UTC, whole seconds). */
  static String dateTime(Instant t) {
    return DATETIME.format(t);
  }

  /**
   * Salesforce keeps dateTime values to the second, so {@code t >= since} for a stored value t equals
   * {@code t >= ceil(since)}; the same holds for {@code <}.
   */
  static Instant ceilToSecond(Instant t) {
    Instant floor = t.truncatedTo(ChronoUnit.SECONDS);
    return floor.equals(t) ? t : floor.plusSeconds(1);
  }

  /** {@code ('005...','005...')}. */
  static String idList(Collection<SalesforceId> ids) {
    return ids.stream().map(id -> literal(id.value())).collect(Collectors.joining(",", "(", ")"));
  }

  /** The {@code q} parameter as sent on the URL; spaces become {@code +} (both are accepted by the Query resource). */
  static String encode(String soql) {
    return URLEncoder.encode(soql, StandardCharsets.UTF_8);
  }

  static int encodedLength(String s) {
    return encode(s).length();
  }
}
