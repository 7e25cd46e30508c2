package io.rcsync.testkit.sim.salesforce;

import static io.rcsync.core.domain.SalesforceId.checksum;

/**
 * Salesforce record ids: 15 case-sensitive characters (3-character key prefix, then instance and sequence) plus,
 * in the 18-character form, a 3-character case-insensitive checksum of the upper-case letters
 * ({@link io.rcsync.core.domain.SalesforceId#checksum}).
 *
 * @see <a href="https://help.salesforce.com/s/articleView?id=000385585&type=1">What are Salesforce IDs composed of?</a>
 */
final class SalesforceIds {
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private SalesforceIds() {}

  /** True for a well-formed 15- or 18-character id (18-character ids must carry the right checksum). */
  static boolean isWellFormed(String id) {
    if (id == null || !id.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}")) {
      return false;
    }
    return id.length() == 15 || checksum(id.substring(0, 15)).equalsIgnoreCase(id.substring(15));
  }

  /** True for 15 or 18 letters/digits, whatever the checksum says (how filters and lookups accept ids). */
  static boolean looksLikeId(String id) {
    return id != null && id.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}");
  }

  /** The 18-character form of a 15- or 18-character id. */
  static String to18(String id) {
    if (id.length() == 18) {
      return id;
    }
    return id + checksum(id);
  }

  /** The case-sensitive 15-character key that identifies a record. */
  static String key(String id) {
    return id.substring(0, 15);
  }

  /** A new 18-character id: key prefix, pod "5S", a zero and a 9-character base-62 sequence number. */
  static String newId(String keyPrefix, long sequence) {
    StringBuilder seq = new StringBuilder();
    long n = sequence;
    for (int i = 0; i < 9; i++) {
      seq.append(BASE62.charAt((int) (n % 62)));
      n /= 62;
    }
    String id15 = keyPrefix + "5S0" + seq.reverse();
    return id15 + checksum(id15);
  }
}
