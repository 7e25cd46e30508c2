package io.rcsync.testkit.sim.salesforce;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Id allocation of the simulated org: record ids (the object's key prefix and a sequence shared by all objects,
 * see {@link SalesforceIds#newId}) and auto-number values per field ({@code {0000}} in the display format is the
 * zero-padded counter). Not thread-safe: callers hold the store's monitor.
 */
final class OrgIds {
  private static final Pattern DIGITS = Pattern.compile("\\{(0+)}");

  private final Map<String, Long> autoNumbers = new HashMap<>();
  private long sequence = 1;

  /** A new 18-character id for a record of {@code type}. */
  String nextId(SObjectType type) {
    return SalesforceIds.newId(type.keyPrefix(), sequence++);
  }

  /** The next value of an auto-number field, e.g. {@code N-0007} for format {@code N-{0000}}. */
  String nextAutoNumber(SObjectType type, SObjectField f) {
    long n = autoNumbers.merge(type.name() + "." + f.name(), 1L, Long::sum);
    String format = f.autoNumberFormat();
    Matcher m = DIGITS.matcher(format);
    if (!m.find()) {
      return format + n;
    }
    String digits = String.format(Locale.ROOT, "%0" + m.group(1).length() + "d", n);
    return format.substring(0, m.start()) + digits + format.substring(m.end());
  }
}
